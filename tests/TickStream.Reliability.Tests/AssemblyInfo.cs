// Fuzzing keeps both cores busy; the fault tests measure loss and memory under a fixed publishing rate and must
// not share the machine with it.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
