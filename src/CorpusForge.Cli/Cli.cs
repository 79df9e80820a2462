using System.CommandLine;
using System.Reflection;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;
using CorpusForge.Stages;
using Spectre.Console;

namespace CorpusForge.Cli;

/// <summary>What every command shares: the component registry and consistent error output.</summary>
public static class Cli
{
    private static readonly Lazy<ComponentRegistry> LazyRegistry = new(() => BuiltInComponents.CreateRegistry());

    /// <summary>Commands that load a pipeline, for which the registry is built ahead (see <see cref="RunAsync"/>).</summary>
    private static readonly HashSet<string> RegistryCommands = new(StringComparer.Ordinal) { "run", "validate", "stages", "phases", "inspect", "dedup" };

    /// <summary>Parses and runs a command line; returns the exit code. <paramref name="commandAssemblies"/> add the
    /// commands of another executable (the trainer's <c>train</c> and <c>generate</c>).</summary>
    public static Task<int> RunAsync(string[] args, params Assembly[] commandAssemblies)
    {
        // The commands that read pipelines need the component registry (a scan of every type of the stages' assembly,
        // 20-30 ms in a fresh process); it is built on another thread while the command line is parsed and the command
        // starts, and the command waits for it only if it asks first. An error building it is the command's to report
        // when it asks, as before.
        if (args.Length > 0 && RegistryCommands.Contains(args[0]))
        {
            _ = Task.Run(() =>
            {
                try
                {
                    _ = LazyRegistry.Value;
                }
                catch (Exception)
                {
                    // Lazy keeps the exception and throws it again to the command that asks.
                }
            });
        }

        // Redirected output (logs, CI) has no width; tables wrap badly at Spectre's default of 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
        var root = BuildRoot(commandAssemblies);
        if (args.Length > 0 && TrainerForwarder.Commands.Contains(args[0]) && root.Subcommands.Any(c => c.Name == args[0] && TrainerForwarder.IsForwarder(c)))
            return Task.FromResult(TrainerForwarder.Run(args));
        return root.Parse(args).InvokeAsync();
    }

    /// <summary>The root command with every <see cref="ICliCommand"/> of this assembly and of <paramref name="commandAssemblies"/>;
    /// without the trainer, <c>train</c> and <c>generate</c> are forwarded to the separately installed trainer tool.</summary>
    public static RootCommand BuildRoot(params Assembly[] commandAssemblies)
    {
        var root = new RootCommand("CorpusForge: turns raw text into deduplicated, filtered, tokenized training data.");
        foreach (var command in commandAssemblies.Prepend(Assembly.GetExecutingAssembly()).Distinct().SelectMany(a => a.GetTypes())
                     .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
                     .Select(t => ((ICliCommand)Activator.CreateInstance(t)!).Build())
                     .OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            root.Subcommands.Add(command);
        }

        foreach (var name in TrainerForwarder.Commands.Where(n => root.Subcommands.All(c => c.Name != n)))
            root.Subcommands.Add(TrainerForwarder.Build(name));
        return root;
    }

    /// <summary>Every registered reader, stage and writer.</summary>
    public static ComponentRegistry Registry => LazyRegistry.Value;

    /// <summary>Prints configuration errors (one per line, <c>file:line:column: message</c>) to stderr.</summary>
    public static int ReportConfigErrors(ConfigException e)
    {
        foreach (var error in e.Errors) Console.Error.WriteLine($"error: {error}");
        Console.Error.WriteLine($"{e.Errors.Count} error(s); nothing was run.");
        return ExitCodes.ConfigError;
    }

    /// <summary>Runs a command body, mapping exceptions to exit codes with a clear message.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ConfigException e)
        {
            return ReportConfigErrors(e);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled: completed shards are kept; run the same command again to resume.");
            return ExitCodes.Cancelled;
        }
        catch (CorpusForge.Core.Engine.StaleCorpusException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.ConfigError;
        }
        catch (CorpusForge.Core.Engine.StorageFailureException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.StorageFailure;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Fatal;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"fatal: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine(e.StackTrace);
            return ExitCodes.Fatal;
        }
    }

    /// <summary>True when stdout is an interactive terminal (live progress); false in CI and pipes (plain log lines).</summary>
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive &&
                                      Environment.GetEnvironmentVariable("CI") is null;
}
