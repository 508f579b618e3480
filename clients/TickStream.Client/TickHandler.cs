namespace TickStream.Client;

/// <summary>Receives each accepted frame on the subscriber's receive thread; the view is valid only during the call.</summary>
/// <param name="tick">The frame.</param>
public delegate void TickHandler(in TickView tick);
