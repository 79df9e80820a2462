using CorpusForge.Stages.Dedup;

namespace CorpusForge.Stages.Tests.Dedup;

public sealed class LshBandsTests
{
    [Theory]
    [InlineData(0.5, 0.05332)]
    [InlineData(0.7, 0.5645)]
    [InlineData(0.8, 0.92355)]
    [InlineData(0.85, 0.98837)]
    [InlineData(0.9, 0.99962)]
    public void Candidate_probability_follows_the_s_curve_for_14_by_8(double s, double expected) =>
        Assert.Equal(expected, new LshBands(14, 8).CandidateProbability(s), 1e-4);

    [Fact]
    public void Threshold_figures_match_their_definitions()
    {
        var bands = new LshBands(14, 8);
        Assert.Equal(Math.Pow(1 / 14.0, 1 / 8.0), bands.ApproximateThreshold, 10);
        Assert.Equal(0.5, bands.CandidateProbability(bands.HalfProbabilitySimilarity), 6);
    }

    [Fact]
    public void Equal_bands_give_equal_keys_and_a_changed_row_changes_only_its_band()
    {
        var bands = new LshBands(3, 2);
        uint[] a = [1, 2, 3, 4, 5, 6];
        uint[] b = [1, 2, 3, 9, 5, 6];
        var ka = new ulong[3];
        var kb = new ulong[3];
        bands.BandKeys(a, ka);
        bands.BandKeys(b, kb);
        Assert.Equal(ka[0], kb[0]);
        Assert.NotEqual(ka[1], kb[1]);
        Assert.Equal(ka[2], kb[2]);
        Assert.NotEqual(ka[0], ka[2]);
    }
}
