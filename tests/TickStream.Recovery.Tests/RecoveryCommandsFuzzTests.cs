using System.Text;

namespace TickStream.Recovery.Tests;

/// <summary>Garbage and near-miss RETRANSMIT, CREDIT and CANCEL requests: one reply or one error each, never an exception.</summary>
public sealed class RecoveryCommandsFuzzTests
{
    private static readonly string[] Valid =
    [
        "RETRANSMIT 1 * 1 100", "RETRANSMIT 1 7 50 60 Q.AAPL| T.", "retransmit 1 7 1 18446744073709551615", "CREDIT 3",
        "credit 18446744073709551615", "CANCEL", "RETRANSMIT 65535 * 1 1", "RETRANSMIT 1 7 999 999 B.",
    ];

    [Fact]
    public void MutatedRequests_GetOneReplyOrOneErrorAndNeverThrow()
    {
        var (window, _) = TransferTests.Filled(256, 500);
        var counters = new TransferCounters();
        var table = new TransferTable(new TransferOptions { MaxReplyFrames = 50, MaxTransfers = 4 }, counters);
        var commands = new RecoveryCommands(table, window, null, counters);
        var socket = new CollectingSocket();
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var text = Mutate(Valid[random.Next(Valid.Length)], random);
            var envelope = new ReplyEnvelope([0, (byte)random.Next(8)], random.Next(2) == 0);
            var words = RequestText.Words(text);
            if (words.Length == 0 || !RecoveryCommands.Handles(words[0].ToUpperInvariant()))
            {
                continue;
            }

            var reply = commands.Handle(envelope, words, null, i);
            if (reply.Error is not null)
            {
                Assert.Null(reply.Message);
                Assert.DoesNotContain(reply.Error, char.IsControl);
            }
            else if (reply.Message is { } message)
            {
                var status = message.Last.ConvertToString(Encoding.UTF8);
                Assert.True(status is "MORE" or "END" or "END CANCELLED" || status.StartsWith("ERROR ", StringComparison.Ordinal), status);
            }
            else
            {
                // Only CREDIT, or a first message the step could not finish (not with a window alone), answers nothing.
                Assert.Equal("CREDIT", words[0].ToUpperInvariant());
            }

            table.Pump(socket, i);
            table.Expire(i);
            Assert.InRange(table.Count, 0, 4);
        }

        Assert.True(counters.Requests(RequestKind.Retransmit) == 0 || counters.MessagesSent > 0);
    }

    // Replaces, inserts or deletes a few characters, or a whole word with a number at a boundary.
    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        for (var n = random.Next(4); n > 0 && builder.Length > 0; n--)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(4))
            {
                case 0:
                    builder[at] = (char)random.Next(0, 128);
                    break;
                case 1:
                    builder.Insert(at, (char)random.Next(32, 127));
                    break;
                case 2:
                    builder.Remove(at, 1);
                    break;
                default:
                    builder.Insert(at, random.Next(3) switch { 0 => " 0 ", 1 => " 18446744073709551616 ", _ => " -1 " });
                    break;
            }
        }

        return builder.ToString();
    }
}
