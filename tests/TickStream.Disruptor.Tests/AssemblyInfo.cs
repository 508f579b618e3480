// The ring tests start their own producer and processor threads; running them one at a time keeps two cores
// from being shared by several pipelines and keeps the whole-process allocation figure meaningful.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
