using System.ComponentModel;
using System.Reflection;

namespace CorpusForge.Core.Registry;

/// <summary>A registered component: its name, kind, options with defaults, and how to build it.</summary>
public sealed class ComponentDescriptor
{
    private readonly ConstructorInfo _constructor;
    private readonly bool _takesContext;

    internal ComponentDescriptor(Type type, ComponentAttribute attribute, ComponentKind kind)
    {
        Type = type;
        Name = attribute.Name;
        Summary = attribute.Summary;
        Sequential = attribute.Sequential;
        Kind = kind;
        var constructors = type.GetConstructors()
            .Where(c => c.GetParameters() is { Length: 1 or 2 } p && p[0].ParameterType.IsClass && p[0].ParameterType != typeof(ComponentContext)
                        && (p.Length == 1 || p[1].ParameterType == typeof(ComponentContext)))
            .ToList();
        if (constructors.Count != 1)
        {
            throw new InvalidOperationException(
                $"Component {Name} ({type.FullName}) needs exactly one public constructor (TOptions options[, ComponentContext context]).");
        }

        _constructor = constructors[0];
        var parameters = _constructor.GetParameters();
        OptionsType = parameters[0].ParameterType;
        _takesContext = parameters.Length == 2;
        Options = OptionDescriptor.For(OptionsType);
    }

    /// <summary>Registry name, e.g. <c>filter.length_v1</c>.</summary>
    public string Name { get; }

    /// <summary>One-line description.</summary>
    public string Summary { get; }

    /// <summary>Reader, stage or writer.</summary>
    public ComponentKind Kind { get; }

    /// <summary>True when the stage must run on one thread in input order.</summary>
    public bool Sequential { get; }

    /// <summary>The implementing type.</summary>
    public Type Type { get; }

    /// <summary>The options type.</summary>
    public Type OptionsType { get; }

    /// <summary>Every option, in declaration order, with its default.</summary>
    public IReadOnlyList<OptionDescriptor> Options { get; }

    /// <summary>A fresh options object holding the defaults.</summary>
    public object CreateDefaultOptions() => Activator.CreateInstance(OptionsType)
        ?? throw new InvalidOperationException($"Cannot create options {OptionsType}.");

    /// <summary>Builds the component from bound options.</summary>
    public object Create(object options, ComponentContext context)
    {
        try
        {
            return _takesContext ? _constructor.Invoke([options, context]) : _constructor.Invoke([options]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}

/// <summary>One option of a component: YAML key, type, default and documentation.</summary>
public sealed class OptionDescriptor
{
    private OptionDescriptor(PropertyInfo property, object? defaultValue)
    {
        Property = property;
        Key = Naming.ToSnakeCase(property.Name);
        DefaultValue = defaultValue;
        Description = property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "";
    }

    /// <summary>The key in pipeline files (snake_case).</summary>
    public string Key { get; }

    /// <summary>What the option does.</summary>
    public string Description { get; }

    /// <summary>The default value.</summary>
    public object? DefaultValue { get; }

    /// <summary>The CLR type of the value.</summary>
    public Type ValueType => Property.PropertyType;

    internal PropertyInfo Property { get; }

    /// <summary>A short, human-readable type name for help output (<c>int</c>, <c>list of string</c>, <c>one of a|b</c>).</summary>
    public string TypeName => OptionValueConverter.Describe(ValueType);

    internal static IReadOnlyList<OptionDescriptor> For(Type optionsType)
    {
        var defaults = Activator.CreateInstance(optionsType);
        return optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
            .OrderBy(p => p.MetadataToken)
            .Select(p => new OptionDescriptor(p, p.GetValue(defaults)))
            .ToList();
    }
}
