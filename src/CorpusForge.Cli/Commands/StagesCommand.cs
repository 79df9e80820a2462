using System.CommandLine;
using System.Text.Json;
using CorpusForge.Core.Registry;
using Spectre.Console;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge stages [NAME]</c>: every registered reader, stage and writer with its options and defaults.</summary>
public sealed class StagesCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var name = new Argument<string?>("name") { Description = "Show only this component (or names containing this text).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("stages", "List every reader, stage and writer with its options and defaults.") { name };
        command.SetAction((parse, _) => Cli.GuardAsync(() =>
        {
            var filter = parse.GetValue(name);
            var components = Cli.Registry.All
                .Where(d => filter is null || d.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (components.Count == 0)
            {
                Console.Error.WriteLine($"no component matches '{filter}'. Known: {string.Join(", ", Cli.Registry.All.Select(d => d.Name))}");
                return Task.FromResult(ExitCodes.ConfigError);
            }

            foreach (var group in components.GroupBy(c => c.Kind))
            {
                AnsiConsole.MarkupLine($"[bold]{group.Key}s[/]");
                foreach (var component in group) Describe(component);
            }

            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static void Describe(ComponentDescriptor component)
    {
        var order = component.Sequential ? " [grey](sequential)[/]" : "";
        AnsiConsole.MarkupLine($"  [green]{Markup.Escape(component.Name)}[/]{order}  {Markup.Escape(component.Summary)}");
        foreach (var option in component.Options)
        {
            AnsiConsole.MarkupLine($"      [blue]{Markup.Escape(option.Key)}[/] ({Markup.Escape(option.TypeName)}, default {Markup.Escape(FormatDefault(option.DefaultValue))})  {Markup.Escape(option.Description)}");
        }
    }

    private static string FormatDefault(object? value) => value switch
    {
        null => "none",
        string s => s.Length == 0 ? "\"\"" : s,
        bool b => b ? "true" : "false",
        Enum e => Naming.ToSnakeCase(e.ToString()),
        System.Collections.IEnumerable e => JsonSerializer.Serialize(e),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
