// libtorch already uses every core for each operation, and some tests read torch's process-wide RNG: run the test
// classes one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
