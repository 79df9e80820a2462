using System.Collections;
using CorpusForge.Core.Pipeline;
using YamlDotNet.RepresentationModel;

namespace CorpusForge.Core.Registry;

/// <summary>Binds a YAML mapping to a component's options object, reporting every unknown key and bad value with
/// its location. Keys not given keep their documented defaults.</summary>
public static class OptionsBinder
{
    /// <summary>Returns the bound options; appends problems to <paramref name="errors"/>.</summary>
    /// <param name="component">The component whose options these are.</param>
    /// <param name="node">The YAML options mapping (null = defaults).</param>
    /// <param name="file">The file name used in error locations.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="directory">The pipeline folder; when given, options that name files are checked against them
    /// (<see cref="IFileValidatableOptions"/>).</param>
    public static object Bind(ComponentDescriptor component, YamlNode? node, string file, List<ConfigError> errors, string? directory = null)
    {
        var options = component.CreateDefaultOptions();
        if (node is YamlMappingNode || node is YamlSequenceNode)
        {
            if (!BindInto(options, component.Options, node, component.Name, file, errors)) return options;
        }
        else if (node is YamlScalarNode { Value: not (null or "" or "~" or "null") })
        {
            errors.Add(At(file, node, $"options of '{component.Name}' must be a mapping of key: value"));
            return options;
        }

        return Validate(options, component, node, file, errors, directory);
    }

    /// <summary>Binds a YAML mapping onto an existing settings object whose settable public properties are its
    /// snake_case keys (what every config section in CorpusForge is: component options, trainer sections).
    /// Unknown keys and values of the wrong type go to <paramref name="errors"/>, located and named after
    /// <paramref name="owner"/>. Returns false when <paramref name="node"/> is not a mapping.</summary>
    public static bool BindInto(object target, YamlNode? node, string owner, string file, List<ConfigError> errors) =>
        BindInto(target, OptionDescriptor.For(target.GetType()), node, owner, file, errors);

    private static bool BindInto(object target, IReadOnlyList<OptionDescriptor> options, YamlNode? node, string owner, string file, List<ConfigError> errors)
    {
        if (node is null or YamlScalarNode { Value: null or "" or "~" or "null" }) return true;
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(At(file, node, $"'{owner}' must be a mapping of key: value"));
            return false;
        }

        var byKey = options.ToDictionary(o => o.Key, StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!byKey.TryGetValue(key, out var option))
            {
                var valid = options.Select(o => o.Key).ToList();
                var suggestion = Naming.Suggest(key, valid);
                errors.Add(At(file, keyNode,
                    $"unknown option '{key}' for '{owner}'." +
                    (suggestion.Count > 0 ? $" Did you mean '{suggestion[0]}'?" : "") +
                    (valid.Count > 0 ? $" Valid options: {string.Join(", ", valid)}" : " It takes no options.")));
                continue;
            }

            if (TryConvert(valueNode, option.ValueType, out var value, out var error))
                option.Property.SetValue(target, value);
            else
                errors.Add(At(file, valueNode, $"option '{key}' of '{owner}': {error}"));
        }

        return true;
    }

    private static object Validate(object options, ComponentDescriptor component, YamlNode? node, string file, List<ConfigError> errors, string? directory)
    {
        var before = errors.Count;
        if (options is IValidatableOptions validatable)
        {
            foreach (var problem in validatable.Validate())
                errors.Add(node is null ? new ConfigError(file, 0, 0, $"'{component.Name}': {problem}") : At(file, node, $"'{component.Name}': {problem}"));
        }

        // Files are only worth opening when the options themselves are consistent.
        if (directory is not null && errors.Count == before && options is IFileValidatableOptions files)
        {
            string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(directory, path));
            foreach (var problem in files.ValidateFiles(Resolve))
                errors.Add(node is null ? new ConfigError(file, 0, 0, $"'{component.Name}': {problem}") : At(file, node, $"'{component.Name}': {problem}"));
        }

        return options;
    }

    private static bool TryConvert(YamlNode node, Type type, out object? value, out string error)
    {
        value = null;
        error = "";
        if (OptionValueConverter.ElementType(type) is { } elementType)
        {
            var items = node switch
            {
                YamlSequenceNode sequence => sequence.Children.ToList(),
                YamlScalarNode { Value: null or "" or "~" } => [],
                YamlScalarNode scalar => [scalar],
                _ => null,
            };
            if (items is null)
            {
                error = $"expected a {OptionValueConverter.Describe(type)}";
                return false;
            }

            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
            foreach (var item in items)
            {
                if (!TryConvert(item, elementType, out var element, out error)) return false;
                list.Add(element);
            }

            if (type.IsArray)
            {
                var array = Array.CreateInstance(elementType, list.Count);
                list.CopyTo(array, 0);
                value = array;
            }
            else
            {
                value = list;
            }

            return true;
        }

        if (OptionValueConverter.IsStringMap(type))
        {
            if (node is not YamlMappingNode map)
            {
                error = "expected a mapping of key: value";
                return false;
            }

            var dictionary = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in map.Children)
            {
                if (v is not YamlScalarNode vs)
                {
                    error = $"value of '{k}' must be a string";
                    return false;
                }

                dictionary[((YamlScalarNode)k).Value ?? ""] = vs.Value ?? "";
            }

            value = dictionary;
            return true;
        }

        if (node is not YamlScalarNode s)
        {
            error = $"expected a {OptionValueConverter.Describe(type)}, got a {(node is YamlSequenceNode ? "list" : "mapping")}";
            return false;
        }

        var quoted = s.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted;
        return OptionValueConverter.TryParseScalar(s.Value, quoted, type, out value, out error);
    }

    /// <summary>A configuration error located at <paramref name="node"/>.</summary>
    public static ConfigError At(string file, YamlNode node, string message) =>
        YamlOverrides.OriginOf(node) is { } assignment
            ? new($"--set '{assignment}'", 0, 0, message)
            : new(file, (int)node.Start.Line, (int)node.Start.Column, message);
}
