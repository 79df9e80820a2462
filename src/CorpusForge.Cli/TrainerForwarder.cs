using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CorpusForge.Cli;

/// <summary>Runs the training commands (train, finetune, chat, eval, quantize, reward, generate) through the trainer tool (<c>corpusforge-train</c>), which carries
/// libtorch; the data tool stays small. Looks next to this program first (a development build or both tools built
/// together), then on the PATH, and otherwise says how to install it.</summary>
internal static class TrainerForwarder
{
    /// <summary>Commands the trainer provides.</summary>
    public static readonly string[] Commands = ["chat", "eval", "finetune", "generate", "quantize", "reward", "train"];

    private const string Marker = "(runs the corpusforge-train tool)";

    /// <summary>A placeholder command for help output; invocation is forwarded before parsing.</summary>
    public static Command Build(string name) => new(name, name switch
    {
        "train" => $"Pretrain a GPT on token shards as a training file describes {Marker}.",
        "finetune" => $"Fine-tune a pretrained checkpoint: sft, reward, dpo, rl or distill {Marker}.",
        "chat" => $"Talk to a fine-tuned checkpoint {Marker}.",
        "eval" => $"Evaluate a checkpoint: perplexity, multiple choice, safety {Marker}.",
        "quantize" => $"Export a checkpoint with int8 weights {Marker}.",
        "reward" => $"Score responses with a trained reward model {Marker}.",
        _ => $"Sample from a trained checkpoint {Marker}.",
    });

    /// <summary>True for the placeholder commands made by <see cref="Build"/>.</summary>
    public static bool IsForwarder(Command command) => command.Description?.EndsWith(Marker + ".", StringComparison.Ordinal) == true;

    /// <summary>Runs the trainer with the same arguments, passing its output and exit code through.</summary>
    public static int Run(string[] args)
    {
        ProcessStartInfo start;
        var beside = Path.Combine(AppContext.BaseDirectory, "corpusforge-train.dll");
        if (File.Exists(beside))
        {
            var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
            start = new ProcessStartInfo(host) { ArgumentList = { beside } };
        }
        else if (FindOnPath(OperatingSystem.IsWindows() ? "corpusforge-train.exe" : "corpusforge-train") is { } tool)
        {
            start = new ProcessStartInfo(tool);
        }
        else
        {
            Console.Error.WriteLine($"error: `corpusforge {args[0]}` needs the trainer, a separate tool because it carries libtorch (about 0.5 GB per platform).");
            Console.Error.WriteLine("Install it beside this one (from a clone: dotnet pack src/CorpusForge.Trainer -c Release -o nupkg;");
            Console.Error.WriteLine("dotnet tool install --global --add-source ./nupkg CorpusForge.Trainer), then run this command again,");
            Console.Error.WriteLine($"or run `corpusforge-train {args[0]} ...` directly.");
            return ExitCodes.ConfigError;
        }

        start.UseShellExecute = false;
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        using var signals = ForwardStopSignals(process);
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Keeps this process alive on SIGINT/SIGTERM and passes the stop on to the trainer, which then saves a
    /// checkpoint and exits 130 (its exit code becomes ours). A scheduler's or `kill`'s SIGTERM reaches only this
    /// process, so it is forwarded; Ctrl+C on a terminal already reaches the trainer through the foreground process
    /// group, and forwarding it too would count as a second signal (quit at once), so it is forwarded only when no
    /// terminal is attached.</summary>
    private static IDisposable ForwardStopSignals(Process child)
    {
        if (OperatingSystem.IsWindows()) return new PosixSignalRegistrations([]);
        var fromTerminal = !Console.IsInputRedirected;
        void Forward(PosixSignalContext context)
        {
            context.Cancel = true;
            if (context.Signal == PosixSignal.SIGINT && fromTerminal) return;
            try
            {
                if (!child.HasExited) _ = kill(child.Id, SigTerm);
            }
            catch (InvalidOperationException)
            {
                // The trainer has already exited; nothing to stop.
            }
        }

        return new PosixSignalRegistrations([PosixSignalRegistration.Create(PosixSignal.SIGTERM, Forward), PosixSignalRegistration.Create(PosixSignal.SIGINT, Forward)]);
    }

    private const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private sealed class PosixSignalRegistrations(PosixSignalRegistration[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations) registration.Dispose();
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, name))
        .FirstOrDefault(File.Exists);
}
