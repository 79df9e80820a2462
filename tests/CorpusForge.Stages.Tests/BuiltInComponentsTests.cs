using CorpusForge.Core.Registry;
using CorpusForge.Stages.Tests.Readers;

namespace CorpusForge.Stages.Tests;

public sealed class BuiltInComponentsTests
{
    [Fact]
    public void Every_registered_component_constructs_with_its_default_options()
    {
        using var scratch = new Scratch();
        var registry = BuiltInComponents.CreateRegistry();
        var context = ComponentContext.ForDirectory(scratch.Root);

        Assert.NotEmpty(registry.All);
        foreach (var component in registry.All)
        {
            var options = component.CreateDefaultOptions();
            if (options is IValidatableOptions validatable) Assert.Empty(validatable.Validate());
            Assert.IsAssignableFrom(component.Type, component.Create(options, context));
            Assert.All(component.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Description), $"{component.Name}: option {o.Key} is undocumented"));
        }
    }

    [Fact]
    public void The_io_and_first_stage_components_are_registered_under_their_names()
    {
        var names = BuiltInComponents.CreateRegistry().All.Select(c => c.Name).ToHashSet();
        foreach (var name in new[] { "reader.jsonl_v1", "reader.parquet_v1", "reader.text_v1", "reader.html_v1", "writer.jsonl_v1", "writer.parquet_v1", "normalize.text_v1", "filter.length_v1" })
            Assert.Contains(name, names);
    }
}
