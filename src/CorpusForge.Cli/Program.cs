using System.CommandLine;
using System.Reflection;
using CorpusForge.Cli;

var root = new RootCommand("CorpusForge: turns raw text into deduplicated, filtered, tokenized training data.");
foreach (var command in Assembly.GetExecutingAssembly().GetTypes()
             .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
             .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
             .Select(c => c.Build())
             .OrderBy(c => c.Name, StringComparer.Ordinal))
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
