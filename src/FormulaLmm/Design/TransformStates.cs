using System.Collections.Frozen;
using System.Collections.Immutable;

namespace FormulaLmm.Design;

/// <summary>
/// What a stateful function learned from the training column: the numbers R keeps as attributes
/// of the result and <c>makepredictcall</c> writes back into the call, so that new data get the
/// training data's transform.
/// </summary>
internal abstract record TransformState;

/// <summary>R's <c>attr(scale(x), "scaled:center")</c> and <c>"scaled:scale"</c>.</summary>
/// <param name="Center">The mean subtracted; null for <c>center = FALSE</c>.</param>
/// <param name="Scale">The divisor (the SD, or the root mean square when not centred); null for <c>scale = FALSE</c>.</param>
internal sealed record ScaleState(double? Center, double? Scale) : TransformState;

/// <summary>
/// R's <c>attr(poly(x, degree), "coefs")</c>: with these the three-term recurrence rebuilds the
/// orthonormal basis at any x. Monic polynomials p₀ = 1, p₁ = x − α₁,
/// p_{k+1} = (x − α_{k+1}) p_k − (norm2[k+2] / norm2[k+1]) p_{k−1}; column k is p_k / √norm2[k+2].
/// </summary>
/// <param name="Alpha">α₁..α_degree on the scale of x (R adds back the mean it centred by).</param>
/// <param name="Norm2">degree + 2 numbers: 1, n, then ‖p₁‖², ..., ‖p_degree‖² over the training points.</param>
internal sealed record PolynomialState(ImmutableArray<double> Alpha, ImmutableArray<double> Norm2) : TransformState
{
    public int Degree => Alpha.Length;
}

/// <summary>
/// Whether stateful functions learn from the rows being evaluated (the training data) or reuse
/// states learned before (new data). States are keyed by the call's canonical text
/// (<c>poly(Days, 2)</c>), R's identity of a model-frame variable: one text is one column of the
/// training data, so it has one state.
/// </summary>
internal sealed class TransformMode
{
    private readonly Dictionary<string, TransformState>? _learning;
    private readonly IReadOnlyDictionary<string, TransformState>? _learned;

    private TransformMode(Dictionary<string, TransformState>? learning, IReadOnlyDictionary<string, TransformState>? learned)
    {
        _learning = learning;
        _learned = learned;
    }

    /// <summary>Training data: every stateful call learns its state, kept for <see cref="LearnedStates"/>.</summary>
    public static TransformMode Learn() => new(new Dictionary<string, TransformState>(StringComparer.Ordinal), null);

    /// <summary>New data: every stateful call reuses the state learned under its canonical text.</summary>
    public static TransformMode Apply(IReadOnlyDictionary<string, TransformState> learned) => new(null, learned);

    /// <summary>The states learned so far (learning mode), frozen; calls that learned nothing have no entry.</summary>
    public FrozenDictionary<string, TransformState> LearnedStates() =>
        (_learning ?? throw new InvalidOperationException("only a learning evaluation learns states"))
        .ToFrozenDictionary(StringComparer.Ordinal);

    public FrameValue? Run(StatefulFunction function, FunctionCall call, string label)
    {
        if (_learning is not null)
        {
            var learned = function.Learn(call);
            if (learned is null) return null;
            // The same text evaluated twice on the same rows learns the same state: keep the first.
            if (learned.State is not null) _learning.TryAdd(label, learned.State);
            return learned.Value;
        }
        return function.Apply(call, _learned!.TryGetValue(label, out var state) ? state : null);
    }
}
