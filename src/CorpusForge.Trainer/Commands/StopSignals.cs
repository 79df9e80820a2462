using System.Runtime.InteropServices;
using CorpusForge.Cli.Commands;
using CorpusForge.Cli;

namespace CorpusForge.TrainerTool.Commands;

/// <summary>Turns SIGINT (Ctrl+C) and SIGTERM into a cancellation, with or without a terminal attached, so a training
/// run saves a checkpoint, prints "stopped at step N" and exits 130 instead of dying mid-step. A second signal is left
/// to the runtime's default (immediate exit), for a run that does not stop.</summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    /// <summary>Listens until disposed; <paramref name="outer"/> (the command line's token) also cancels.</summary>
    public StopSignals(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    /// <summary>Cancelled on the first signal.</summary>
    public CancellationToken Token => _source.Token;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1) return;
        context.Cancel = true;
        Console.Error.WriteLine($"{context.Signal}: stopping after the current step and saving a checkpoint (send it again to quit at once)");
        _source.Cancel();
    }
}
