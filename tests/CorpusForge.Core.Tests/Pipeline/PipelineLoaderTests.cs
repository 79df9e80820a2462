using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Tests.Fakes;

namespace CorpusForge.Core.Tests.Pipeline;

public class PipelineLoaderTests : IDisposable
{
    private readonly TestPipelines _t = new();

    private const string Valid = """
        version: 1
        corpus: corpus
        inputs:
          - name: lines
            reader: test.lines_reader_v1
            paths: [in/*.txt]
        stages:
          - stage: test.drop_word_v1
            options:
              word: spam
              min_length: 3
        outputs:
          - writer: test.text_writer_v1
            path: out
        """;

    public PipelineLoaderTests() => _t.Write("in/a.txt", "hello\n");

    public void Dispose() => _t.Dispose();

    private ConfigException Fails(string yaml, params string[] overrides) => Assert.Throws<ConfigException>(() => _t.Load(yaml, overrides));

    [Fact]
    public void ValidPipelineBindsOptionsAndResolvesPaths()
    {
        var spec = _t.Load(Valid);
        var phase = Assert.Single(spec.Phases);
        var options = Assert.IsType<DropWordOptions>(Assert.Single(phase.Stages).Options);
        Assert.Equal(3, options.MinLength);
        Assert.Equal(DropMode.Contains, options.Mode);
        Assert.Equal(Path.Combine(_t.Root, "corpus", "out"), Assert.Single(phase.Outputs).Directory);
        Assert.Equal(Path.Combine(_t.Root, "corpus"), spec.CorpusDirectory);
    }

    [Fact]
    public void UnknownStageIsLocatedAndSuggestsTheClosestName()
    {
        var e = Fails(Valid.Replace("stage: test.drop_word_v1", "stage: test.drop_wrd_v1"));
        var error = Assert.Single(e.Errors);
        Assert.Equal(8, error.Line);
        Assert.Equal(12, error.Column);
        Assert.Contains("unknown stage 'test.drop_wrd_v1'", error.Message);
        Assert.Contains("Did you mean 'test.drop_word_v1'?", error.Message);
        Assert.Contains("test.upper_v1", error.Message);
        Assert.EndsWith("pipeline.yaml:8:12: " + error.Message, error.ToString());
    }

    [Fact]
    public void UnknownOptionKeyListsValidKeys()
    {
        var error = Assert.Single(Fails(Valid.Replace("min_length: 3", "min_lenght: 3")).Errors);
        Assert.Equal(11, error.Line);
        Assert.Contains("unknown option 'min_lenght'", error.Message);
        Assert.Contains("Did you mean 'min_length'?", error.Message);
        Assert.Contains("Valid options: word, min_length, mode", error.Message);
    }

    [Fact]
    public void MistypedValuesAreReportedWithTheExpectedType()
    {
        var errors = Fails(Valid.Replace("min_length: 3", "min_length: three\n      mode: whole_txt")).Errors;
        Assert.Equal(2, errors.Count);
        Assert.Contains("expected an integer, got 'three'", errors[0].Message);
        Assert.Contains("'whole_txt' is not one of contains, whole_text (did you mean 'whole_text'?)", errors[1].Message);
    }

    [Fact]
    public void MissingInputsAndUnknownKeysAreAllReported()
    {
        var errors = Fails(Valid.Replace("in/*.txt", "nowhere/*.txt").Replace("version: 1", "version: 1\nwokers: 3")).Errors;
        Assert.Contains(errors, e => e.Message.Contains("unknown pipeline key 'wokers'"));
        Assert.Contains(errors, e => e.Message.Contains("nothing matches 'nowhere/*.txt'"));
    }

    [Fact]
    public void YamlSyntaxErrorIsLocated()
    {
        var error = Assert.Single(Fails("corpus: x\ninputs:\n  - name: a\n   reader: b\n").Errors);
        Assert.StartsWith("YAML syntax error", error.Message);
        Assert.Equal(4, error.Line);
        var unclosed = Assert.Single(Fails("corpus: x\ninputs: [a, b\nstages: {").Errors);
        Assert.Contains("unexpected end of file", unclosed.Message);
    }

    [Fact]
    public void UnwritableOutputIsReported()
    {
        _t.Write("blocker", "a file where a folder should be");
        var errors = Fails(Valid.Replace("corpus: corpus", "corpus: blocker/corpus")).Errors;
        Assert.Contains(errors, e => e.Message.StartsWith("cannot write to", StringComparison.Ordinal));
    }

    [Fact]
    public void WrongKindIsReported()
    {
        var error = Assert.Single(Fails(Valid.Replace("stage: test.drop_word_v1", "stage: test.text_writer_v1")).Errors);
        Assert.Contains("'test.text_writer_v1' is a writer, not a stage", error.Message);
    }

    [Fact]
    public void SetOverridesByIndexAndByName()
    {
        var byIndex = _t.Load(Valid, "stages.0.options.word=ham");
        Assert.Equal("ham", ((DropWordOptions)byIndex.Phases[0].Stages[0].Options).Word);
        var byName = _t.Load(Valid, "stages[test.drop_word_v1].options.min_length=9", "corpus=elsewhere");
        Assert.Equal(9, ((DropWordOptions)byName.Phases[0].Stages[0].Options).MinLength);
        Assert.Equal(Path.Combine(_t.Root, "elsewhere"), byName.CorpusDirectory);
        Assert.Contains("no list item 'nope'", Assert.Single(Fails(Valid, "stages.nope.options.word=x").Errors).Message);
    }

    [Fact]
    public void DuplicateStageIdsNeedAnExplicitId()
    {
        var twice = Valid.Replace("stages:\n", "stages:\n  - stage: test.upper_v1\n  - stage: test.upper_v1\n");
        Assert.Contains("stage id 'test.upper_v1' is used twice", Assert.Single(Fails(twice).Errors).Message);
        var named = Valid.Replace("stages:\n", "stages:\n  - stage: test.upper_v1\n  - stage: test.upper_v1\n    id: upper_again\n");
        Assert.Equal(["test.upper_v1", "upper_again", "test.drop_word_v1"], _t.Load(named).Phases[0].Stages.Select(s => s.Id));
    }

    /// <summary>Loading a pipeline writes and deletes an empty probe file in each output folder. A run killed between
    /// the two left ".write-probe-PID" among the outputs for good (the kill-and-resume harness found it); the probe
    /// now has a temporary name, which the next run's clean-up removes.</summary>
    [Fact]
    public void A_write_probe_left_by_a_killed_run_is_removed_by_the_next_run()
    {
        var output = Path.Combine(_t.Corpus, "data");
        Directory.CreateDirectory(output);
        var probe = Path.Combine(output, PipelineLoader.WriteProbeName());
        File.WriteAllBytes(probe, []);
        Assert.Equal(1, CorpusForge.Core.IO.AtomicFile.CleanTemporaries(_t.Corpus));
        Assert.False(File.Exists(probe));
    }
}
