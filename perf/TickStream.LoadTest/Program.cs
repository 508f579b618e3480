using System.Globalization;
using TickStream.LoadTest;

// Usage: frames [messages] [payloadBytes] [repetitions]
var mode = args.Length > 0 ? args[0] : "frames";
if (mode == "frames")
{
    var messages = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
    var payload = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 104;
    var reps = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
    var one = new List<double>();
    var two = new List<double>();
    for (var r = 0; r < reps; r++)
    {
        one.Add(RawNetMqFrameLayout.MessagesPerSecond(false, messages, payload));
        two.Add(RawNetMqFrameLayout.MessagesPerSecond(true, messages, payload));
        Console.WriteLine($"rep {r}: one frame {one[^1]:N0}/s, two frames {two[^1]:N0}/s");
    }

    one.Sort();
    two.Sort();
    Console.WriteLine($"median: one frame {one[reps / 2]:N0} msgs/s, two frames {two[reps / 2]:N0} msgs/s, ratio {one[reps / 2] / two[reps / 2]:F2}");
}
