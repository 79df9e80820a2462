namespace CorpusForge.Training.Training;

/// <summary>Linear warmup from 0 to the peak, then cosine decay to the minimum at the last step (as nanoGPT and
/// llm.c schedule GPT-2 pretraining).</summary>
public sealed record LearningRateSchedule(double Peak, double Minimum, int WarmupSteps, int TotalSteps)
{
    /// <summary>The rate for optimiser step <paramref name="step"/> (0-based).</summary>
    public double At(int step)
    {
        if (step < WarmupSteps) return Peak * (step + 1) / WarmupSteps;
        var decaySteps = Math.Max(1, TotalSteps - 1 - WarmupSteps);
        var progress = Math.Clamp((double)(step - WarmupSteps) / decaySteps, 0, 1);
        return Minimum + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (Peak - Minimum);
    }
}
