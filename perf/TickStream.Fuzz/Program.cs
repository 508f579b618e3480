using System.Globalization;
using TickStream.Client;
using TickStream.FeedHandler;
using TickStream.Fuzz;

// tickstream-fuzz fuzz  [--cases 1000000] [--target all|sbe|topic|csv|itch|journal]
// tickstream-fuzz soak  [--duration 600] [--rate 100000] [--interval 60] [--hwm N] [--send-hwm N]   (seconds; subscriber and feed high-water marks)
// tickstream-fuzz stall [--rate 200000] [--stall 10] [--hwm 1000] [--send-hwm RATE/2]
string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

double Number(string name, double fallback) => double.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

var mode = args.Length > 0 ? args[0] : "fuzz";
try
{
    return mode switch
    {
        "fuzz" => FuzzMode.Run((int)Number("--cases", 1_000_000), Option("--target", "all")),
        "soak" => SoakMode.Run(TimeSpan.FromSeconds(Number("--duration", 600)), Number("--rate", 100_000), TimeSpan.FromSeconds(Number("--interval", 60)),
            (int)Number("--hwm", new TickSubscriberOptions().ReceiveHighWatermark), (int)Number("--send-hwm", new FeedHandlerOptions().SendHighWatermark)),
        "stall" => StallMode.Run(Number("--rate", 200_000), TimeSpan.FromSeconds(Number("--stall", 10)), (int)Number("--hwm", 1_000),
            (int)Number("--send-hwm", Number("--rate", 200_000) / 2)),
        _ => Usage(),
    };
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return Usage();
}
finally
{
    NetMQ.NetMQConfig.Cleanup(block: false);
}

static int Usage()
{
    Console.Error.WriteLine("usage: fuzz [--cases N] [--target all|sbe|topic|csv|itch|journal] | soak [--duration S] [--rate R] [--interval S] [--hwm N] [--send-hwm N] | stall [--rate R] [--stall S] [--hwm N] [--send-hwm N]");
    return 2;
}
