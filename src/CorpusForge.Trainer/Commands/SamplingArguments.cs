using System.CommandLine;
using CorpusForge.Training.Generation;
using CorpusForge.Training.Training;

namespace CorpusForge.TrainerTool.Commands;

/// <summary>The sampling and device options that <c>generate</c> and <c>chat</c> share, and their parsing.</summary>
internal sealed class SamplingArguments
{
    private static readonly SamplingOptions Defaults = new();

    private readonly Option<int> _maxTokens;
    private readonly Option<double> _temperature = new("--temperature", "-t") { Description = "Sampling temperature; 0 = greedy.", DefaultValueFactory = _ => Defaults.Temperature };
    private readonly Option<int> _topK = new("--top-k") { Description = "Sample from the k most likely tokens; 0 = all.", DefaultValueFactory = _ => Defaults.TopK };
    private readonly Option<double> _topP = new("--top-p") { Description = "Nucleus sampling: the smallest set of tokens reaching this probability; 1 = all.", DefaultValueFactory = _ => Defaults.TopP };
    private readonly Option<long> _seed = new("--seed") { Description = "Seed: the same seed, prompt and checkpoint give the same text.", DefaultValueFactory = _ => Defaults.Seed };
    private readonly Option<DeviceChoice> _device = new("--device") { Description = "auto (cuda when available), cpu or cuda.", DefaultValueFactory = _ => DeviceChoice.Auto };

    /// <summary>Options whose <c>--max-tokens</c> help says what is counted.</summary>
    public SamplingArguments(string maxTokensDescription) =>
        _maxTokens = new("--max-tokens", "-n") { Description = maxTokensDescription, DefaultValueFactory = _ => Defaults.MaxTokens };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _maxTokens, _temperature, _topK, _topP, _seed, _device }) command.Options.Add(option);
    }

    /// <summary>The device the user asked for.</summary>
    public DeviceChoice Device(ParseResult parse) => parse.GetValue(_device);

    /// <summary>The sampling options, or null after printing what is wrong with them.</summary>
    public SamplingOptions? Parse(ParseResult parse)
    {
        var options = new SamplingOptions
        {
            MaxTokens = parse.GetValue(_maxTokens), Temperature = parse.GetValue(_temperature), TopK = parse.GetValue(_topK),
            TopP = parse.GetValue(_topP), Seed = parse.GetValue(_seed),
        };
        var problems = options.Validate().ToList();
        foreach (var problem in problems) Console.Error.WriteLine($"error: {problem}");
        return problems.Count == 0 ? options : null;
    }
}
