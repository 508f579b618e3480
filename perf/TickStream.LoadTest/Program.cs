using System.Globalization;
using TickStream.LoadTest;

// Usage: run [--rate N|max[,N...]] [--duration 10s] [--warmup 3s] [--subscribers N] [--out DIR] [--baseline]
//            [--two-frame] [--spin-limit default|0|both] [--repeat N] [--hwm N] [--seed S]   (docs/LOAD.md)
//        max [--ticks N] [--subscribers N] [--out DIR] [--spin-limit ...] [--repeat N]
//        subscribe --connect EP --path tickstream|raw-one-frame|raw-two-frame --out DIR --name NAME ...
//        frames [messages] [payloadBytes] [repetitions]
//        feed [ticks] [repetitions]
var mode = args.Length > 0 ? args[0] : "frames";
if (mode is "run" or "max")
{
    if (!HarnessOptions.TryParse(args[1..], out var options, out var error))
    {
        Console.Error.WriteLine($"{mode}: {error}");
        return 2;
    }

    var summary = new HarnessRunner(options, Console.Out, maxMode: mode == "max").Run("TickStream.LoadTest " + string.Join(' ', args));
    return summary.Scenarios.Any(s => s.Error is not null) ? 1 : 0;
}
else if (mode == "subscribe")
{
    return LatencySubscriber.RunMode(args[1..]);
}
else if (mode == "frames")
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
else if (mode == "feed")
{
    var ticks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
    var reps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
    var results = new Dictionary<string, List<double>>();
    void Add(string name, double value)
    {
        if (!results.TryGetValue(name, out var list))
        {
            results[name] = list = [];
        }

        list.Add(value);
        Console.WriteLine($"  {name}: {value:N0}/s");
    }

    for (var r = 0; r < reps; r++)
    {
        Console.WriteLine($"rep {r}");
        Add("raw NetMQ, no subscriber", FeedThroughput.RawNetMq(ticks, 111, withSubscriber: false));
        Add("TickStream, no subscriber", FeedThroughput.TickStream(ticks, withSubscriber: false));
        Add("raw NetMQ, one subscriber", FeedThroughput.RawNetMq(ticks, 111, withSubscriber: true));
        Add("TickStream, one subscriber", FeedThroughput.TickStream(ticks, withSubscriber: true));
    }

    double Median(string name)
    {
        var list = results[name];
        list.Sort();
        return list[list.Count / 2];
    }

    Console.WriteLine();
    Console.WriteLine("| path | no subscriber (ticks/s) | one subscriber (ticks/s) |");
    Console.WriteLine("|---|---|---|");
    Console.WriteLine($"| raw NetMQ, 111-byte frames from memory | {Median("raw NetMQ, no subscriber"):N0} | {Median("raw NetMQ, one subscriber"):N0} |");
    Console.WriteLine($"| TickStream synthetic -> ring -> PUB | {Median("TickStream, no subscriber"):N0} | {Median("TickStream, one subscriber"):N0} |");
    Console.WriteLine($"| ratio | {Median("TickStream, no subscriber") / Median("raw NetMQ, no subscriber"):F2} | {Median("TickStream, one subscriber") / Median("raw NetMQ, one subscriber"):F2} |");
}
else
{
    Console.Error.WriteLine($"unknown mode '{mode}': run, max, subscribe, frames or feed");
    return 2;
}

return 0;
