using TickStream.Journal.TornTailWriter;

namespace TickStream.Journal.Tests;

public class FuzzTests
{
    [Fact]
    public void RandomDamage_NeverThrowsAndOnlyReturnsIntactRecordsInOrder()
    {
        const long Count = 400;
        var random = new Random(20261126);
        Span<byte> expected = stackalloc byte[SampleMessages.MaxLength];
        for (int round = 0; round < 40; round++)
        {
            using var journal = new TempJournal();
            journal.Write(Count);
            string[] segments = journal.SegmentFiles();
            for (int hit = 0; hit < 1 + random.Next(4); hit++)
            {
                string victim = segments[random.Next(segments.Length)];
                byte[] bytes = File.ReadAllBytes(victim);
                switch (random.Next(3))
                {
                    case 0:
                        bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
                        break;
                    case 1:
                        bytes = bytes[..random.Next(bytes.Length)];
                        break;
                    default:
                        random.NextBytes(bytes.AsSpan(random.Next(bytes.Length / 2), random.Next(1, 200)));
                        break;
                }

                File.WriteAllBytes(victim, bytes);
            }

            using (JournalReader reader = JournalReader.Open(journal.Directory, new JournalReadOptions { SkipCorrupt = true }))
            {
                long previous = -1;
                foreach (JournalRecord record in reader)
                {
                    long i = (record.ReceiveTimeNs - SampleMessages.BaseTimeNs) / SampleMessages.StepNs;
                    Assert.True(i > previous && i < Count, $"round {round}: record for index {i} after {previous}");
                    int length = SampleMessages.Write(i, expected);
                    Assert.True(expected[..length].SequenceEqual(record.Message), $"round {round}: record {i} differs");
                    previous = i;
                }
            }

            JournalInspection inspection = JournalInspector.Inspect(journal.Directory);
            Assert.True(inspection.Records <= Count);
            Assert.NotEmpty(inspection.ToText());
            try
            {
                using JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options());
                TempJournal.Append(writer, Count, 5);
            }
            catch (JournalException e)
            {
                Assert.Contains(journal.Directory, e.Message, StringComparison.Ordinal);
            }
        }
    }
}
