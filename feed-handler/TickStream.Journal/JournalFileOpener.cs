namespace TickStream.Journal;

/// <summary>
/// Opens a journal file for writing (segment or index). The default opens a <see cref="FileStream"/> with no
/// buffer of its own; another opener lets a test put a stream in between that fails on demand (disk full).
/// </summary>
/// <param name="path">The file.</param>
/// <param name="mode"><see cref="FileMode.CreateNew"/>, <see cref="FileMode.Create"/> or <see cref="FileMode.Open"/>.</param>
/// <returns>A writable, seekable stream; <see cref="Stream.Flush()"/> of a stream that is not a <see cref="FileStream"/> must reach the disk.</returns>
public delegate Stream JournalFileOpener(string path, FileMode mode);
