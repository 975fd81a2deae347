using FormulaLmm.Syntax;

namespace FormulaLmm.Design;

/// <summary>A function the model frame can evaluate: its R name and formals, and how it computes.</summary>
internal abstract record FrameFunction(string Name, IReadOnlyList<FormalArgument> Formals)
{
    /// <summary>
    /// True when the result on one row depends on the whole column (the coefficients of
    /// <c>poly</c>, the centre of <c>scale</c>), so new data must reuse what the training data taught.
    /// </summary>
    public abstract bool IsStateful { get; }
}

/// <summary>A function whose result on a row depends on that row alone (and on literal arguments).</summary>
internal sealed record PlainFunction(string Name, IReadOnlyList<FormalArgument> Formals, Func<FunctionCall, FrameValue?> Evaluate)
    : FrameFunction(Name, Formals)
{
    public override bool IsStateful => false;
}

/// <summary>
/// A function that learns from the whole column, as R's <c>poly</c> and <c>scale</c> do. It runs
/// in two modes, like R's <c>makepredictcall</c>: <see cref="Learn"/> on the training data
/// computes the value and the state it learned; <see cref="Apply"/> on new data computes the
/// value from a state learned before, so a new row gets the column the same x got in training.
/// </summary>
/// <param name="Name">R's name of the function.</param>
/// <param name="Formals">R's formal arguments, in R's order.</param>
/// <param name="Learn">Value and learned state (null state when the call learns nothing, e.g. <c>poly(x, 2, raw = TRUE)</c>); null after a diagnostic.</param>
/// <param name="Apply">Value from the learned state (null when the training call learned nothing); null after a diagnostic.</param>
internal sealed record StatefulFunction(
    string Name,
    IReadOnlyList<FormalArgument> Formals,
    Func<FunctionCall, LearnedValue?> Learn,
    Func<FunctionCall, TransformState?, FrameValue?> Apply)
    : FrameFunction(Name, Formals)
{
    public override bool IsStateful => true;
}

/// <summary>What a stateful function returns on the training data: its value and what it learned.</summary>
internal sealed record LearnedValue(FrameValue Value, TransformState? State);

/// <summary>
/// One call being evaluated: its syntax and bound arguments, and the evaluator's services a
/// function needs (evaluating an argument, the number of rows, reporting a problem).
/// </summary>
internal sealed class FunctionCall
{
    private readonly ExpressionEvaluator _evaluator;

    public FunctionCall(ExpressionEvaluator evaluator, CallExpression syntax, BoundArguments arguments)
    {
        _evaluator = evaluator;
        Syntax = syntax;
        Arguments = arguments;
    }

    public CallExpression Syntax { get; }

    public BoundArguments Arguments { get; }

    /// <summary>The function's name as written, for messages.</summary>
    public string Name => Syntax.Function;

    public int RowCount => _evaluator.RowCount;

    /// <summary>Evaluates a data argument on every row (null after a diagnostic).</summary>
    public FrameValue? Value(string formal) => _evaluator.Evaluate(Arguments.Data(formal));

    public FrameValue? Evaluate(Expression e) => _evaluator.Evaluate(e);

    /// <summary>Reports that <paramref name="operand"/> (which evaluated to <paramref name="value"/>) is not numeric; returns null.</summary>
    public FrameValue? NotNumeric(Expression operand, FrameValue value) =>
        _evaluator.NotNumeric(operand, value, $"{Name}()");

    /// <summary>Reports wrong arguments (FL0314) at <paramref name="at"/>; returns null.</summary>
    public FrameValue? InvalidArgument(Expression at, string message) => _evaluator.InvalidArgument(at, message);

    /// <summary>Reports an expression that cannot be a variable (FL0316) at <paramref name="at"/>; returns null.</summary>
    public FrameValue? Unsupported(Expression at, string message) => _evaluator.Unsupported(at, message);
}
