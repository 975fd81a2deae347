using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace FormulaLmm.Design;

/// <summary>
/// Every function the model frame knows, once: name, formals, implementation and whether it is
/// stateful. Evaluation, argument messages and the "unknown function" message all read this list.
/// </summary>
internal static class FunctionRegistry
{
    private static readonly DataArgument X = new("x");

    /// <summary>The functions, in the order the "unknown function" message lists them.</summary>
    public static IReadOnlyList<FrameFunction> All { get; } = new FrameFunction[]
    {
        new PlainFunction("log", new FormalArgument[]
        {
            X,
            // R's default base is exp(1); Math.Log(Math.E) is exactly 1, so log(x) divides by 1.
            new NumberArgument("base", Math.E, b => !(b <= 0), "the base of log() must be a positive number, e.g. log(x, 2)"),
        }, MathFunctions.Log),
        MathFunctions.Elementwise("log2", Math.Log2),
        MathFunctions.Elementwise("log10", Math.Log10),
        MathFunctions.Elementwise("log1p", MathFunctions.Log1p),
        MathFunctions.Elementwise("exp", Math.Exp),
        MathFunctions.Elementwise("expm1", MathFunctions.Expm1),
        MathFunctions.Elementwise("sqrt", Math.Sqrt),
        MathFunctions.Elementwise("abs", Math.Abs),
        MathFunctions.Elementwise("sin", Math.Sin),
        MathFunctions.Elementwise("cos", Math.Cos),
        MathFunctions.Elementwise("tan", Math.Tan),
        MathFunctions.Elementwise("asin", Math.Asin),
        MathFunctions.Elementwise("acos", Math.Acos),
        MathFunctions.Elementwise("atan", Math.Atan),
        MathFunctions.Elementwise("sinh", Math.Sinh),
        MathFunctions.Elementwise("cosh", Math.Cosh),
        MathFunctions.Elementwise("tanh", Math.Tanh),
        MathFunctions.Elementwise("floor", Math.Floor),
        MathFunctions.Elementwise("ceiling", Math.Ceiling),
        MathFunctions.Elementwise("trunc", Math.Truncate),
        new PlainFunction("round", new FormalArgument[]
        {
            X,
            new NumberArgument("digits", 0, d => !(d != Math.Floor(d) || Math.Abs(d) > 15), "digits of round() must be a whole number between -15 and 15"),
        }, MathFunctions.Round),
        MathFunctions.Elementwise("sign", v => double.IsNaN(v) ? v : Math.Sign(v)),
        MathFunctions.ParallelExtreme("pmin", max: false),
        MathFunctions.ParallelExtreme("pmax", max: true),
        ConversionFunctions.AsNumeric("as.numeric", integer: false),
        ConversionFunctions.AsNumeric("as.double", integer: false),
        ConversionFunctions.AsNumeric("as.integer", integer: true),
        new PlainFunction("I", new FormalArgument[] { X }, ConversionFunctions.Identity),
        ConversionFunctions.Factor("factor", ordered: false),
        ConversionFunctions.Factor("as.factor", ordered: false),
        ConversionFunctions.Factor("ordered", ordered: true),
        ConversionFunctions.Factor("as.ordered", ordered: true),
        new StatefulFunction("scale", new FormalArgument[]
        {
            X,
            new FlagArgument("center", true, "center of scale() must be TRUE or FALSE"),
            new FlagArgument("scale", true, "scale of scale() must be TRUE or FALSE"),
        }, StatefulTransforms.LearnScale, StatefulTransforms.ApplyScale),
        // R's poly(x, ..., degree = 1, coefs = NULL, raw = FALSE): a lone unnamed number in '...'
        // is the degree, so poly(x, 2) works in R; here degree is simply the second formal.
        // coefs is what the learned state carries, so a formula never writes it.
        new StatefulFunction("poly", new FormalArgument[]
        {
            X,
            new NumberArgument("degree", 1, d => !(d < 1 || d != Math.Floor(d)), "the degree of poly() must be a whole number ≥ 1, e.g. poly(x, 2)"),
            new FlagArgument("raw", false, "raw of poly() must be TRUE or FALSE"),
        }, StatefulTransforms.LearnPoly, StatefulTransforms.ApplyPoly),
        // R: offset(object). The Terms stage takes offset() terms apart; this entry serves an
        // offset() met inside an expression.
        new PlainFunction("offset", new FormalArgument[] { new DataArgument("object") }, ConversionFunctions.Offset),
    };

    private static readonly FrozenDictionary<string, FrameFunction> ByName =
        All.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The names of all functions, in <see cref="All"/>'s order.</summary>
    public static IEnumerable<string> Names => All.Select(f => f.Name);

    public static bool TryGet(string name, [MaybeNullWhen(false)] out FrameFunction function) =>
        ByName.TryGetValue(name, out function);
}
