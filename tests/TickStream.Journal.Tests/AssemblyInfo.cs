// The crash test runs a child writer and the allocation tests read per-thread counters: one test at a time keeps
// two shared cores from being split further and keeps the figures meaningful.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
