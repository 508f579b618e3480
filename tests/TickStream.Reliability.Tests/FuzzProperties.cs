namespace TickStream.Reliability.Tests;

/// <summary>Every parser under 10^4 fuzz cases: nothing escapes, nothing reads out of bounds, every case ends.</summary>
public sealed class FuzzProperties
{
    internal const int Cases = 10_000;
    internal static readonly TimeSpan CaseBudget = TimeSpan.FromSeconds(2);
    internal static readonly TimeSpan RunBudget = TimeSpan.FromSeconds(90);

    private static void AssertClean(FuzzReport report)
    {
        Assert.True(report.Finding is null, $"{report.Target} after {report.Cases} cases: {report.Finding}");
        Assert.Equal(Cases, report.Cases);
        TestContext.Current.SendDiagnosticMessage($"{report.Target}: {report.Cases} cases in {report.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void SbeDecoders_FuzzedFrames_NeverThrowOrReadPastTheFrame() =>
        AssertClean(FuzzRunner.Run("sbe", SbeFuzz.Cases, SbeFuzz.Check, Cases, CaseBudget, RunBudget));

    [Fact]
    public void TopicSplitAndDecode_FuzzedMessages_NeverThrowOrReadPastTheMessage() =>
        AssertClean(FuzzRunner.Run("topic", TopicFuzz.Cases, TopicFuzz.Check, Cases, CaseBudget, RunBudget));

    [Fact]
    public void SubscriberReceivePath_FuzzedMessages_NeverThrowOrFaultAHandler()
    {
        using var client = new ClientFuzz();
        AssertClean(FuzzRunner.Run("client", ClientFuzz.Cases, client.Check, Cases, CaseBudget, RunBudget));
        Assert.True(client.Subscriber.Counters.Malformed > 0, "no fuzzed message was malformed: the fuzzer is not reaching the checks");
    }

    [Fact]
    public void GatewayRequestService_FuzzedRequests_AnswerEndOrOneErrorAndNeverThrow()
    {
        using var requests = new RequestFuzz();
        AssertClean(FuzzRunner.Run("request", RequestFuzz.Cases, requests.Check, Cases, CaseBudget, RunBudget));
        Assert.True(requests.ErrorReplies > 0, "no fuzzed request was refused: the fuzzer is not reaching the checks");
        Assert.True(requests.ValidCases > 0 && requests.DataFrames > 0, "no valid request was answered with data: the valid ones are not reaching the handlers");
        TestContext.Current.SendDiagnosticMessage($"request: {requests.Requests} requests, {requests.ErrorReplies} errors, {requests.ValidCases} valid ones answered END, {requests.DataFrames} data frames checked");
    }

    [Fact]
    public void CsvRowParser_FuzzedRows_RejectWithReasonOrParseValidTicks() =>
        AssertClean(FuzzRunner.Run("csv", CsvFuzz.Cases, CsvFuzz.Check, Cases, CaseBudget, RunBudget));

    [Fact]
    public void ItchParserAndBooks_FuzzedStreams_KeepBooksConsistent() =>
        AssertClean(FuzzRunner.Run("itch", ItchFuzz.Cases, ItchFuzz.Check, Cases, CaseBudget, RunBudget));

    [Fact]
    public void JournalReader_CorruptedJournals_ReturnOnlyRecordsWithValidCrc()
    {
        using var journal = new JournalFuzz();
        Assert.True(journal.FileCount >= 4, $"the base journal has only {journal.FileCount} files");
        AssertClean(FuzzRunner.Run("journal", journal.Cases, journal.Check, Cases, CaseBudget, RunBudget));
    }
}
