namespace CorpusForge.Bench;

/// <summary>One benchmark of the `bench` harness: prepares its own data, runs, prints figures.</summary>
/// <remarks>Benchmarks are found by reflection; add one by adding a class in this project.
/// Run with <c>dotnet run -c Release --project bench/CorpusForge.Bench -- NAME [--size-mb N] [--workers N]</c>.</remarks>
public interface IBenchmark
{
    /// <summary>Short name used on the command line (e.g. <c>engine</c>, <c>warc</c>).</summary>
    string Name { get; }

    /// <summary>What it measures.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark and prints its figures to <see cref="BenchContext.Out"/>.</summary>
    void Run(BenchContext context);
}

/// <summary>Arguments and helpers shared by every benchmark.</summary>
/// <param name="WorkDirectory">Scratch folder, deleted afterwards.</param>
/// <param name="SizeMb">Amount of input to generate, in MB.</param>
/// <param name="Workers">Degree of parallelism.</param>
/// <param name="Out">Where figures go.</param>
public sealed record BenchContext(string WorkDirectory, int SizeMb, int Workers, TextWriter Out)
{
    /// <summary>One part of a benchmark (<c>--part NAME</c>), for benchmarks that offer parts; null = all.</summary>
    public string? Part { get; init; }

    /// <summary>Peak working set of this process so far, in MB.</summary>
    public static double PeakMemoryMb()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64 / 1048576.0;
    }

    /// <summary>Prints one figure as <c>name: value unit</c>.</summary>
    public void Report(string name, double value, string unit) =>
        Out.WriteLine($"{name,-48} {value,12:F2} {unit}");
}
