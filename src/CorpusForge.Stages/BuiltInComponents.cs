namespace CorpusForge.Stages;
/// <summary>The built-in components of CorpusForge.</summary>
public static class BuiltInComponents
{
    /// <summary>A registry with every component in this assembly.</summary>
    public static Core.Registry.ComponentRegistry CreateRegistry(params System.Reflection.Assembly[] extra) =>
        Core.Registry.ComponentRegistry.FromAssemblies([typeof(BuiltInComponents).Assembly, .. extra]);
}
