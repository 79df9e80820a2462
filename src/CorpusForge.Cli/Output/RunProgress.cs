using System.Diagnostics;
using CorpusForge.Core.Engine;
using CorpusForge.Core.Stats;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CorpusForge.Cli.Output;

/// <summary>Shows a running pipeline: a live per-stage table on a terminal, periodic plain log lines otherwise.</summary>
public sealed class RunProgress : IDisposable
{
    private readonly object _gate = new();
    private readonly Stopwatch _phaseClock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _interactive;
    private readonly TimeSpan _logInterval;
    private PhaseStats? _phase;
    private PhaseProgress? _progress;
    private Task? _loop;
    private bool _disposed;

    /// <summary>Creates a display; <paramref name="interactive"/> picks the live table over log lines.</summary>
    public RunProgress(bool interactive, TimeSpan? logInterval = null)
    {
        _interactive = interactive;
        _logInterval = logInterval ?? TimeSpan.FromSeconds(5);
    }

    /// <summary>Hook for <see cref="RunOptions.PhaseStarted"/>.</summary>
    public void PhaseStarted(PhaseStats phase, PhaseProgress progress)
    {
        lock (_gate)
        {
            _phase = phase;
            _progress = progress;
            _phaseClock.Restart();
        }

        if (!_interactive)
            Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] phase {phase.Name}: {progress.TotalShards} shard(s) to process, {Bytes(progress.TotalBytes)}");
        _loop ??= _interactive ? Task.Run(LiveAsync) : Task.Run(LogAsync);
    }

    /// <summary>Writes a log line without tearing the live display.</summary>
    public void Log(string message)
    {
        if (_interactive) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
        else Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
    }

    private async Task LiveAsync()
    {
        await AnsiConsole.Live(Text.Empty).AutoClear(true).StartAsync(async context =>
        {
            while (!_stop.IsCancellationRequested)
            {
                context.UpdateTarget(Render());
                try
                {
                    await Task.Delay(250, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    private async Task LogAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_logInterval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {StatusLine()}");
        }
    }

    private string StatusLine()
    {
        lock (_gate)
        {
            if (_phase is null || _progress is null) return "starting";
            var seconds = Math.Max(0.001, _phaseClock.Elapsed.TotalSeconds);
            var read = _phase.Reader.In;
            var kept = _phase.Stages.Count > 0 ? _phase.Stages[^1].Out : _phase.Reader.Out;
            return $"phase {_phase.Name}: shards {_progress.DoneShards}/{_progress.TotalShards}, read {read:N0} docs ({read / seconds:N0} docs/s, " +
                   $"{_phase.Reader.CharsOut / seconds / 1e6:F1} MB/s), kept {kept:N0}{Eta(seconds)}";
        }
    }

    private string Eta(double seconds)
    {
        if (_progress is not { TotalBytes: > 0, DoneBytes: > 0 } p || p.DoneBytes >= p.TotalBytes) return "";
        var remaining = seconds * (p.TotalBytes - p.DoneBytes) / p.DoneBytes;
        return $", ETA {TimeSpan.FromSeconds(Math.Round(remaining)):g}";
    }

    private IRenderable Render()
    {
        lock (_gate)
        {
            if (_phase is null) return new Text("starting…");
            var seconds = Math.Max(0.001, _phaseClock.Elapsed.TotalSeconds);
            var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(StatusLine()));
            table.AddColumns("stage", "in", "out", "dropped", "quarantined", "docs/s", "MB/s");
            foreach (var s in new[] { _phase.Reader }.Concat(_phase.Stages))
            {
                table.AddRow(Markup.Escape(s.Id), $"{s.In:N0}", $"{s.Out:N0}", $"{s.Dropped:N0}", $"{s.Quarantined:N0}",
                    $"{s.In / seconds:N0}", $"{Math.Max(s.CharsIn, s.CharsOut) / seconds / 1e6:F1}");
            }

            return table;
        }
    }

    /// <summary>Prints the end-of-run summary: per stage counts, top drop reasons, time; and whether counts add up.</summary>
    public static void PrintSummary(RunResult result)
    {
        foreach (var phase in result.Stats.Phases)
        {
            var table = new Table().Border(TableBorder.Simple)
                .Title($"phase {Markup.Escape(phase.Name)}: {phase.ShardsCompleted} shard(s) committed, {phase.ShardsSkipped} skipped, {phase.Failures.Count} failed");
            table.AddColumns("stage", "component", "in", "out", "dropped", "quarantined", "busy s", "top drop reasons");
            foreach (var s in new[] { phase.Reader }.Concat(phase.Stages))
            {
                var reasons = string.Join(", ", s.DroppedByReason.OrderByDescending(kv => kv.Value).Take(3).Select(kv => $"{kv.Key} {kv.Value:N0}"));
                table.AddRow(Markup.Escape(s.Id), Markup.Escape(s.Component), $"{s.In:N0}", $"{s.Out:N0}", $"{s.Dropped:N0}",
                    $"{s.Quarantined:N0}", $"{s.Busy.TotalSeconds:F2}", Markup.Escape(reasons));
            }

            AnsiConsole.Write(table);
            var addsUp = phase.CountsAddUp(out var explanation);
            AnsiConsole.MarkupLine($"{(addsUp ? "[green]counts add up[/]" : "[red]COUNTS DO NOT ADD UP[/]")}: {Markup.Escape(explanation)}; written {phase.Written:N0} document(s) to {phase.OutputFiles.Count} file(s)");
            foreach (var failure in phase.Failures)
                AnsiConsole.MarkupLine($"[red]failed shard[/] {Markup.Escape(failure.Input)}: {Markup.Escape(failure.Error)}");
        }

        AnsiConsole.MarkupLine($"done in {result.Stats.Elapsed.TotalSeconds:F1} s; stats: {Markup.Escape(result.StatsFile)}");
    }

    private static string Bytes(long n) => n switch
    {
        >= 1L << 30 => $"{n / (double)(1L << 30):F1} GiB",
        >= 1L << 20 => $"{n / (double)(1L << 20):F1} MiB",
        >= 1L << 10 => $"{n / 1024.0:F1} KiB",
        _ => $"{n} B",
    };

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Cancel();
        try
        {
            _loop?.Wait();
        }
        catch (AggregateException)
        {
            // The display loop only ends by cancellation.
        }

        _stop.Dispose();
    }
}
