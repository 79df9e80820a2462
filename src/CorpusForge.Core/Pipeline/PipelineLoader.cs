using System.Text.Json;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CorpusForge.Core.Pipeline;

/// <summary>Reads a pipeline YAML file, applies <c>--set</c> overrides and validates everything before a block
/// exists: syntax, names, options, inputs and outputs. All problems are reported at once, each with its location.</summary>
public sealed class PipelineLoader(ComponentRegistry registry)
{
    private static readonly string[] TopLevelKeys = ["version", "name", "corpus", "keep_rejected", "inputs", "stages", "outputs", "phases"];
    private static readonly string[] PhaseKeys = ["name", "inputs", "stages", "outputs"];
    private static readonly string[] InputKeys = ["name", "reader", "paths", "from", "options"];
    private static readonly string[] StageKeys = ["stage", "id", "options"];
    private static readonly string[] OutputKeys = ["writer", "path", "options"];

    /// <summary>Loads and validates; throws <see cref="ConfigException"/> listing every problem.</summary>
    /// <param name="path">Pipeline file.</param>
    /// <param name="overrides"><c>key.path=value</c> assignments applied to the YAML before validation.</param>
    /// <param name="checkInputs">Check that input patterns match files (off for tools that only inspect a pipeline).</param>
    public PipelineSpec Load(string path, IEnumerable<string>? overrides = null, bool checkInputs = true)
    {
        var file = Path.GetFullPath(path);
        if (!File.Exists(file)) throw new ConfigException(path, "pipeline file not found");
        var display = Path.GetRelativePath(Environment.CurrentDirectory, file);
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new ConfigException([new ConfigError(display, (int)e.Start.Line, (int)e.Start.Column, $"YAML syntax error: {InnermostMessage(e)}")]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way when the file ends inside a flow collection or quote.
            var lines = File.ReadAllLines(file).Length;
            throw new ConfigException([new ConfigError(display, lines, 1, "YAML syntax error: unexpected end of file (an unclosed '[', '{' or quote?)")]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ConfigException(display, "a pipeline file must be a YAML mapping (version, corpus, inputs, stages, outputs)");

        var errors = new List<ConfigError>();
        foreach (var assignment in overrides ?? [])
            YamlOverrides.Apply(root, assignment, display, errors);
        if (errors.Count > 0) throw new ConfigException(errors);

        var spec = new Builder(registry, display, Path.GetDirectoryName(file)!, errors, checkInputs).Build(root, file);
        if (errors.Count > 0 || spec is null) throw new ConfigException(errors);
        return spec;
    }

    private static string InnermostMessage(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message;
    }

    /// <summary>The name of the empty file written and deleted to check that an output folder is writable: a temporary
    /// name, so a run killed between writing and deleting it leaves a file the next run's clean-up removes, never a
    /// stray file among the outputs.</summary>
    internal static string WriteProbeName() => $".write-probe{AtomicFile.TemporaryMarker}{Environment.ProcessId}-{Guid.NewGuid():N}";

    private sealed class Builder(ComponentRegistry registry, string file, string directory, List<ConfigError> errors, bool checkInputs)
    {
        private readonly List<(string phase, string[] outputs)> _phaseOutputs = [];
        private string _corpus = "";

        public PipelineSpec? Build(YamlMappingNode root, string fullPath)
        {
            // A training file (model/training sections, no inputs) given to `run` or `validate` would otherwise
            // produce one "unknown key" error per section; say what it is instead.
            if ((Child(root, "training") ?? Child(root, "model")) is { } trainingNode &&
                Child(root, "inputs") is null && Child(root, "phases") is null && Child(root, "stages") is null)
            {
                errors.Add(OptionsBinder.At(file, trainingNode,
                    $"this is a training configuration, not a pipeline: use `corpusforge train {file}`"));
                return null;
            }

            CheckKeys(root, TopLevelKeys, "pipeline");
            var version = Scalar(root, "version");
            if (version is not null && version.Value != PipelineSpec.CurrentVersion.ToString())
                errors.Add(OptionsBinder.At(file, version, $"unsupported pipeline version '{version.Value}'; this build reads version {PipelineSpec.CurrentVersion}"));

            var name = Scalar(root, "name")?.Value ?? Path.GetFileNameWithoutExtension(fullPath);
            var corpusNode = Scalar(root, "corpus");
            if (corpusNode?.Value is not { Length: > 0 } corpusPath)
            {
                errors.Add(new ConfigError(file, (int)root.Start.Line, (int)root.Start.Column, "missing 'corpus': the folder that receives outputs, state and stats"));
                return null;
            }

            _corpus = Path.GetFullPath(Path.Combine(directory, corpusPath));
            CheckWritable(_corpus, corpusNode);
            var keepRejected = Scalar(root, "keep_rejected")?.Value is not ("false" or "no" or "off");

            var phases = new List<PhaseSpec>();
            if (Child(root, "phases") is { } phasesNode)
            {
                if (Child(root, "inputs") is not null || Child(root, "stages") is not null || Child(root, "outputs") is not null)
                    errors.Add(OptionsBinder.At(file, phasesNode, "use either 'phases' or top-level 'inputs'/'stages'/'outputs', not both"));
                if (phasesNode is not YamlSequenceNode sequence || sequence.Children.Count == 0)
                {
                    errors.Add(OptionsBinder.At(file, phasesNode, "'phases' must be a non-empty list"));
                }
                else
                {
                    foreach (var phaseNode in sequence.Children)
                    {
                        if (phaseNode is not YamlMappingNode phaseMap)
                        {
                            errors.Add(OptionsBinder.At(file, phaseNode, "each phase must be a mapping with name, inputs, stages, outputs"));
                            continue;
                        }

                        CheckKeys(phaseMap, PhaseKeys, "phase");
                        var phaseName = Scalar(phaseMap, "name")?.Value ?? $"phase{phases.Count + 1}";
                        if (phases.Any(p => p.Name == phaseName))
                            errors.Add(OptionsBinder.At(file, phaseMap, $"phase name '{phaseName}' is used twice"));
                        phases.Add(BuildPhase(phaseName, phaseMap));
                    }
                }
            }
            else
            {
                phases.Add(BuildPhase("main", root));
            }

            return new PipelineSpec
            {
                FilePath = fullPath,
                Name = name,
                CorpusDirectory = _corpus,
                Phases = phases,
                KeepRejected = keepRejected,
            };
        }

        private PhaseSpec BuildPhase(string phaseName, YamlMappingNode map)
        {
            var inputs = new List<InputSpec>();
            foreach (var node in List(map, "inputs", required: true))
            {
                if (Mapping(node, "an input (name, reader, paths, options)") is not { } input) continue;
                CheckKeys(input, InputKeys, "input");
                var inputName = Scalar(input, "name")?.Value ?? $"input{inputs.Count + 1}";
                var reader = BuildComponent(input, "reader", ComponentKind.Reader, inputName);
                var from = Scalar(input, "from");
                var patterns = new List<string>();
                if (from?.Value is { } fromPhase)
                {
                    var previous = _phaseOutputs.FirstOrDefault(p => p.phase == fromPhase);
                    if (previous.outputs is null)
                        errors.Add(OptionsBinder.At(file, from, $"'from: {fromPhase}' names no earlier phase. Earlier phases: {string.Join(", ", _phaseOutputs.Select(p => p.phase))}"));
                    else
                        patterns.AddRange(previous.outputs.Select(o => Path.Combine(o, "**", "*")));
                }

                var pathsNode = Child(input, "paths");
                foreach (var p in List(input, "paths", required: from is null))
                {
                    if (p is not YamlScalarNode { Value: { Length: > 0 } value })
                    {
                        errors.Add(OptionsBinder.At(file, p, "each path must be a string (a file, a folder or a glob)"));
                        continue;
                    }

                    var full = Path.GetFullPath(Path.Combine(directory, value));
                    patterns.Add(full);
                    if (!checkInputs || from is not null) continue;
                    var matched = InputResolver.Resolve(inputName, [full]);
                    if (matched.Count == 0)
                        errors.Add(OptionsBinder.At(file, p, $"input '{inputName}': nothing matches '{value}' (resolved to {full})"));
                    else if (reader is not null && !typeof(IFolderReader).IsAssignableFrom(reader.Descriptor.Type) && matched.FirstOrDefault(m => Directory.Exists(m.FullPath)) is { } folder)
                        errors.Add(OptionsBinder.At(file, p, $"input '{inputName}': {reader.Descriptor.Name} reads files, not folders, and '{value}' matches the folder {folder.FullPath}; name its files (e.g. '{value.TrimEnd('/', '\\')}/*') or use a reader that takes folders"));
                }

                if (reader is not null)
                    inputs.Add(new InputSpec { Name = inputName, Reader = reader, Paths = patterns, FromPhase = from?.Value });
                _ = pathsNode;
            }

            var stages = new List<ComponentSpec>();
            foreach (var node in List(map, "stages", required: false))
            {
                if (Mapping(node, "a stage (stage, options)") is not { } stageMap) continue;
                CheckKeys(stageMap, StageKeys, "stage");
                var id = Scalar(stageMap, "id")?.Value;
                if (BuildComponent(stageMap, "stage", ComponentKind.Stage, id) is { } stage)
                {
                    if (stages.Any(s => s.Id == stage.Id))
                        errors.Add(OptionsBinder.At(file, stageMap, $"stage id '{stage.Id}' is used twice in phase '{phaseName}'; give one an 'id:'"));
                    stages.Add(stage);
                }
            }

            var outputs = new List<OutputSpec>();
            foreach (var node in List(map, "outputs", required: true))
            {
                if (Mapping(node, "an output (writer, path, options)") is not { } outputMap) continue;
                CheckKeys(outputMap, OutputKeys, "output");
                var writer = BuildComponent(outputMap, "writer", ComponentKind.Writer, null);
                var pathNode = Scalar(outputMap, "path");
                var relative = pathNode?.Value ?? Path.Combine("data", phaseName);
                var full = Path.GetFullPath(Path.Combine(_corpus, relative));
                if (pathNode is not null) CheckWritable(full, pathNode);
                if (outputs.Any(o => o.Directory == full))
                    errors.Add(OptionsBinder.At(file, outputMap, $"two outputs write to the same folder '{relative}'"));
                if (writer is not null) outputs.Add(new OutputSpec { Writer = writer, Directory = full });
            }

            _phaseOutputs.Add((phaseName, outputs.Select(o => o.Directory).ToArray()));
            return new PhaseSpec { Name = phaseName, Inputs = inputs, Stages = stages, Outputs = outputs };
        }

        private ComponentSpec? BuildComponent(YamlMappingNode map, string key, ComponentKind kind, string? id)
        {
            var nameNode = Scalar(map, key);
            if (nameNode?.Value is not { Length: > 0 } name)
            {
                errors.Add(OptionsBinder.At(file, map, $"missing '{key}:' (one of: {string.Join(", ", registry.NamesOf(kind))})"));
                return null;
            }

            if (!registry.TryGet(name, out var descriptor))
            {
                errors.Add(OptionsBinder.At(file, nameNode, registry.DescribeUnknown(name, kind)));
                return null;
            }

            if (descriptor.Kind != kind)
            {
                errors.Add(OptionsBinder.At(file, nameNode, $"'{name}' is a {descriptor.Kind.ToString().ToLowerInvariant()}, not a {kind.ToString().ToLowerInvariant()}"));
                return null;
            }

            var options = OptionsBinder.Bind(descriptor, Child(map, "options"), file, errors, directory);
            return new ComponentSpec
            {
                Id = kind == ComponentKind.Stage ? id ?? name : name,
                Descriptor = descriptor,
                Options = options,
                OptionsFingerprint = Fingerprint(descriptor, options),
            };
        }

        private void CheckWritable(string folder, YamlNode node)
        {
            try
            {
                Directory.CreateDirectory(folder);
                var probe = Path.Combine(folder, WriteProbeName());
                File.WriteAllBytes(probe, []);
                File.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(OptionsBinder.At(file, node, $"cannot write to '{folder}': {e.Message}"));
            }
        }

        private void CheckKeys(YamlMappingNode map, string[] valid, string what)
        {
            foreach (var keyNode in map.Children.Keys)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? "";
                if (valid.Contains(key)) continue;
                var suggestions = Naming.Suggest(key, valid);
                errors.Add(OptionsBinder.At(file, keyNode,
                    $"unknown {what} key '{key}'." + (suggestions.Count > 0 ? $" Did you mean '{suggestions[0]}'?" : "") + $" Valid keys: {string.Join(", ", valid)}"));
            }
        }

        private YamlMappingNode? Mapping(YamlNode node, string what)
        {
            if (node is YamlMappingNode m) return m;
            errors.Add(OptionsBinder.At(file, node, $"expected {what}"));
            return null;
        }

        private IEnumerable<YamlNode> List(YamlMappingNode map, string key, bool required)
        {
            var node = Child(map, key);
            if (node is null)
            {
                if (required) errors.Add(OptionsBinder.At(file, map, $"missing '{key}:' list"));
                return [];
            }

            if (node is YamlSequenceNode sequence)
            {
                if (required && sequence.Children.Count == 0) errors.Add(OptionsBinder.At(file, node, $"'{key}' is empty"));
                return sequence.Children;
            }

            if (node is YamlScalarNode { Value: null or "" } && !required) return [];
            errors.Add(OptionsBinder.At(file, node, $"'{key}' must be a list"));
            return [];
        }

        private YamlScalarNode? Scalar(YamlMappingNode map, string key)
        {
            var node = Child(map, key);
            if (node is null or YamlScalarNode) return (YamlScalarNode?)node;
            errors.Add(OptionsBinder.At(file, node, $"'{key}' must be a single value"));
            return null;
        }

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;
    }

    /// <summary>Canonical JSON of a component's name and options: equal configs give equal strings.</summary>
    public static string Fingerprint(ComponentDescriptor descriptor, object options) =>
        descriptor.Name + " " + (OptionsJson.TryWrite(options) ?? JsonSerializer.Serialize(options, descriptor.OptionsType, FingerprintJson));

    /// <summary>How the fingerprint's JSON was defined: System.Text.Json's default contract with enums as names
    /// (<see cref="OptionsJson"/> writes the same text without building the contract).</summary>
    private static readonly JsonSerializerOptions FingerprintJson = new()
    {
        WriteIndented = false,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
