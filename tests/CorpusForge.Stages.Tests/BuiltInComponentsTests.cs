using CorpusForge.Core.Registry;
using CorpusForge.Stages.Tests.Readers;

namespace CorpusForge.Stages.Tests;

public sealed class BuiltInComponentsTests
{
    /// <summary>Every component builds from its documented defaults, unless its validation says which option a
    /// pipeline must give (a model path, say): then that message is the whole story, and nothing throws.</summary>
    [Fact]
    public void Every_registered_component_constructs_with_its_default_options_or_says_what_it_needs()
    {
        using var scratch = new Scratch();
        var registry = BuiltInComponents.CreateRegistry();
        var context = ComponentContext.ForDirectory(scratch.Root);

        Assert.NotEmpty(registry.All);
        foreach (var component in registry.All)
        {
            var options = component.CreateDefaultOptions();
            Assert.All(component.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Description), $"{component.Name}: option {o.Key} is undocumented"));
            var problems = options is IValidatableOptions validatable ? validatable.Validate().ToList() : [];
            if (problems.Count > 0)
            {
                Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p), $"{component.Name}: empty validation message"));
                continue;
            }

            try
            {
                Assert.IsAssignableFrom(component.Type, component.Create(options, context));
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{component.Name} does not build from its defaults: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    [Theory]
    [InlineData("reader.jsonl_v1")]
    [InlineData("reader.parquet_v1")]
    [InlineData("reader.text_v1")]
    [InlineData("reader.html_v1")]
    [InlineData("writer.jsonl_v1")]
    [InlineData("writer.parquet_v1")]
    [InlineData("normalize.text_v1")]
    [InlineData("filter.length_v1")]
    public void Io_and_first_stage_defaults_are_valid(string name)
    {
        Assert.True(BuiltInComponents.CreateRegistry().TryGet(name, out var component));
        var options = component.CreateDefaultOptions();
        Assert.Empty(options is IValidatableOptions validatable ? validatable.Validate() : []);
    }
}
