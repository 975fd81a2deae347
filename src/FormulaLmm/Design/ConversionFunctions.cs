using FormulaLmm.Syntax;

namespace FormulaLmm.Design;

/// <summary>The model frame's functions that change what a value is rather than compute with it: I, offset, factor, as.numeric.</summary>
internal static class ConversionFunctions
{
    /// <summary>R's I(x): x as it is (it only shields arithmetic from the formula's operators).</summary>
    public static FrameValue? Identity(FunctionCall call) => call.Value("x");

    /// <summary>R's offset(object) inside an expression: the numeric value itself.</summary>
    public static FrameValue? Offset(FunctionCall call)
    {
        var value = call.Value("object");
        if (value is null) return null;
        return value.IsNumeric ? value : call.NotNumeric(call.Arguments.Data("object"), value);
    }

    /// <summary>factor / as.factor / ordered / as.ordered of a factor or of numbers.</summary>
    public static PlainFunction Factor(string name, bool ordered) =>
        new(name, new FormalArgument[] { new DataArgument("x") }, call =>
        {
            var value = call.Value("x");
            var argument = call.Arguments.Data("x");
            return value switch
            {
                null => null,
                // as.factor() leaves an ordered factor ordered; factor() makes it unordered.
                FactorValue f => f with { IsOrdered = ordered || (name == "as.factor" && f.IsOrdered) },
                VectorValue v => FrameValues.ToFactor(v, ordered),
                _ => call.Unsupported(argument, $"{name}() needs a single column or expression, not '{FormulaPrinter.Print(argument)}'"),
            };
        });

    /// <summary>as.numeric / as.double / as.integer (which truncates toward zero).</summary>
    public static PlainFunction AsNumeric(string name, bool integer) =>
        new(name, new FormalArgument[] { new DataArgument("x") }, call =>
        {
            var value = call.Value("x");
            return value switch
            {
                null => null,
                // R: a factor becomes its level number (1, 2, ...), not its label.
                FactorValue f => new VectorValue(f.Codes.Select(code => code < 0 ? double.NaN : code + 1.0).ToArray(), false),
                ScalarValue s => new ScalarValue(integer ? Math.Truncate(s.Number) : s.Number, false),
                VectorValue v => new VectorValue(integer ? FrameValues.Map(v.Data, Math.Truncate) : v.Data, false),
                _ => call.NotNumeric(call.Arguments.Data("x"), value),
            };
        });
}
