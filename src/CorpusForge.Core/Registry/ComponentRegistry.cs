using System.Reflection;
using CorpusForge.Core.Stages;

namespace CorpusForge.Core.Registry;

/// <summary>Every reader, stage and writer a pipeline may name, found by their <see cref="ComponentAttribute"/>.</summary>
public sealed class ComponentRegistry
{
    private readonly Dictionary<string, ComponentDescriptor> _byName;

    private ComponentRegistry(IEnumerable<ComponentDescriptor> descriptors)
    {
        _byName = new Dictionary<string, ComponentDescriptor>(StringComparer.Ordinal);
        foreach (var d in descriptors)
        {
            if (!_byName.TryAdd(d.Name, d))
                throw new InvalidOperationException($"Component name '{d.Name}' is registered twice ({_byName[d.Name].Type} and {d.Type}).");
        }

        All = _byName.Values.OrderBy(d => d.Kind).ThenBy(d => d.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every component, readers first, then stages, then writers, each sorted by name.</summary>
    public IReadOnlyList<ComponentDescriptor> All { get; }

    /// <summary>Scans assemblies for classes marked with <see cref="ComponentAttribute"/>. Each type is first asked
    /// whether it carries the attribute (no attribute objects are built for the thousand-odd other types, most of them
    /// compiler-generated: that took half of a fresh process's 25 ms scan).</summary>
    public static ComponentRegistry FromAssemblies(params Assembly[] assemblies) =>
        new(assemblies.Distinct().SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsDefined(typeof(ComponentAttribute), inherit: true))
            .Select(t => new ComponentDescriptor(t, t.GetCustomAttribute<ComponentAttribute>()!, KindOf(t))));

    /// <summary>Looks a component up by its exact name.</summary>
    public bool TryGet(string name, out ComponentDescriptor descriptor) => _byName.TryGetValue(name, out descriptor!);

    /// <summary>Names of every component of one kind.</summary>
    public IEnumerable<string> NamesOf(ComponentKind kind) => All.Where(d => d.Kind == kind).Select(d => d.Name);

    /// <summary>A message for an unknown name: the closest names, then every valid name of that kind.</summary>
    public string DescribeUnknown(string name, ComponentKind kind)
    {
        var valid = NamesOf(kind).ToList();
        var suggestions = Naming.Suggest(name, valid);
        var hint = suggestions.Count > 0 ? $" Did you mean '{suggestions[0]}'?" : "";
        return $"unknown {kind.ToString().ToLowerInvariant()} '{name}'.{hint} Valid {kind.ToString().ToLowerInvariant()}s: {string.Join(", ", valid)}";
    }

    private static ComponentKind KindOf(Type type)
    {
        if (typeof(IDocumentReader).IsAssignableFrom(type)) return ComponentKind.Reader;
        if (typeof(IDocumentStage).IsAssignableFrom(type)) return ComponentKind.Stage;
        if (typeof(IDocumentWriter).IsAssignableFrom(type)) return ComponentKind.Writer;
        throw new InvalidOperationException(
            $"{type.FullName} is marked [Component] but implements none of IDocumentReader, IDocumentStage, IDocumentWriter.");
    }
}
