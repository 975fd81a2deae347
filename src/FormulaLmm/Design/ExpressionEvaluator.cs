using FormulaLmm.Data;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;
using FormulaLmm.Text;

namespace FormulaLmm.Design;

/// <summary>
/// Evaluates a variable's expression on every row of a table, as R's model.frame does: the tree
/// walk over names, numbers, operators and calls. What a call computes comes from
/// <see cref="FunctionRegistry"/>; what the values are, from <see cref="FrameValue"/>. Stateful
/// functions learn or reuse their state as the <see cref="TransformMode"/> says. Problems become
/// diagnostics that name the culprit and point at it; evaluation then yields null.
/// </summary>
internal sealed class ExpressionEvaluator
{
    private readonly Table _data;
    private readonly IReadOnlySet<string> _categorical;
    private readonly List<Diagnostic> _diagnostics;
    private readonly TransformMode _transforms;
    private readonly HashSet<string> _reportedUnknownNames = new(StringComparer.Ordinal);

    public ExpressionEvaluator(Table data, IReadOnlySet<string> categoricalColumns, List<Diagnostic> diagnostics, TransformMode transforms)
    {
        _data = data;
        _categorical = categoricalColumns;
        _diagnostics = diagnostics;
        _transforms = transforms;
        RowCount = data.RowCount;
    }

    public int RowCount { get; }

    /// <summary>A model variable: numeric (vector or matrix) or a factor (logical values become a FALSE/TRUE factor).</summary>
    public FrameVariable? EvaluateVariable(Expression expression)
    {
        var value = Evaluate(expression);
        if (value is null) return null;
        var label = FormulaPrinter.Print(expression);
        switch (value)
        {
            case VectorValue { IsLogical: true } logical:
                return LogicalFactor(label, expression.Span, logical.Data);
            case VectorValue v:
                return new NumericVariable(label, expression.Span, new[] { v.Data }, null);
            case MatrixValue m:
                return new NumericVariable(label, expression.Span, m.Columns, m.Columns.Length == 1 ? null : m.Suffixes);
            case FactorValue f:
                return new FactorVariable(label, expression.Span, f.Codes, f.Levels, f.IsOrdered, false);
            default:
                Report(DesignCodes.UnsupportedExpression,
                    $"'{label}' is a constant, not a variable: a term of the model must vary with the data rows", expression.Span);
                return null;
        }
    }

    /// <summary>A grouping variable: always a factor (numbers and logicals become factors, as lme4's factor() does).</summary>
    public FactorVariable? EvaluateGroupingFactor(Expression expression)
    {
        var value = Evaluate(expression);
        if (value is null) return null;
        var label = FormulaPrinter.Print(expression);
        switch (value)
        {
            case FactorValue f:
                return new FactorVariable(label, expression.Span, f.Codes, f.Levels, f.IsOrdered, false);
            case VectorValue v:
                var factor = FrameValues.ToFactor(v, ordered: false);
                return new FactorVariable(label, expression.Span, factor.Codes, factor.Levels, false, false);
            default:
                Report(DesignCodes.InvalidGroupingVariable,
                    $"the grouping factor '{label}' must be a single column or expression, not a matrix or a constant", expression.Span);
                return null;
        }
    }

    /// <summary>The value of an expression on every row, or null after reporting why it has none.</summary>
    public FrameValue? Evaluate(Expression e) => e switch
    {
        NameExpression n => Name(n),
        NumberExpression num => new ScalarValue(num.Value, false),
        StringExpression s => new TextValue(s.Value),
        UnaryExpression u => Unary(u),
        BinaryExpression b => Binary(b),
        CallExpression c => Call(c),
        _ => Unsupported(e, $"'{FormulaPrinter.Print(e)}' cannot be evaluated as a variable"),
    };

    private FrameValue? Name(NameExpression n)
    {
        if (_data.TryGetColumn(n.Name, out var column))
        {
            switch (column)
            {
                case NumericColumn numeric when _categorical.Contains(n.Name):
                    return FrameValues.ToFactor(new VectorValue(numeric.Values, false), ordered: false);
                case NumericColumn numeric:
                    return new VectorValue(numeric.Values, false);
                case CategoricalColumn { IsLogical: true } logical:
                    return FrameValues.LogicalVector(logical);
                case CategoricalColumn categorical:
                    return new FactorValue(categorical.Codes, categorical.Levels.ToArray(), categorical.IsOrdered);
            }
        }
        switch (n.Name)
        {
            case "TRUE" or "T": return new ScalarValue(1, true);
            case "FALSE" or "F": return new ScalarValue(0, true);
            case "NA": return new ScalarValue(double.NaN, true);
            case "pi": return new ScalarValue(Math.PI, false);
            case "Inf": return new ScalarValue(double.PositiveInfinity, false);
        }
        if (_reportedUnknownNames.Add(n.Name))
        {
            var suggestion = NameSuggestion.Closest(n.Name, _data.ColumnNames);
            var where = _data.Name is null ? "the data" : $"the data '{_data.Name}'";
            var message = $"unknown variable '{n.Name}': there is no column of that name in {where}";
            message += suggestion is not null
                ? $"; did you mean '{suggestion}'?"
                : $" (columns: {string.Join(", ", _data.ColumnNames.Take(12))}{(_data.Columns.Count > 12 ? ", ..." : "")})";
            Report(DesignCodes.UnknownVariable, message, n.Span);
        }
        return null;
    }

    private FrameValue? Unary(UnaryExpression u)
    {
        var operand = Evaluate(u.Operand);
        if (operand is null) return null;
        switch (u.Operator)
        {
            case UnaryOperator.Plus:
            case UnaryOperator.Minus:
            {
                double sign = u.Operator == UnaryOperator.Minus ? -1 : 1;
                return operand switch
                {
                    ScalarValue s => new ScalarValue(sign * s.Number, false),
                    VectorValue v => new VectorValue(FrameValues.Map(v.Data, x => sign * x), false),
                    _ => NotNumeric(u.Operand, operand, $"unary '{(sign < 0 ? "-" : "+")}'"),
                };
            }
            default: // '!'
                return operand switch
                {
                    ScalarValue s => new ScalarValue(s.Number == 0 ? 1 : 0, true),
                    VectorValue v => new VectorValue(FrameValues.Map(v.Data, x => double.IsNaN(x) ? double.NaN : x == 0 ? 1 : 0), true),
                    _ => NotNumeric(u.Operand, operand, "'!'"),
                };
        }
    }

    private FrameValue? Binary(BinaryExpression b)
    {
        if (b.Operator is BinaryOperator.Interaction or BinaryOperator.In)
            return Unsupported(b, $"'{FormulaPrinter.Symbol(b.Operator)}' inside a function call is not supported: write the interaction as a term of the formula, e.g. a:b");

        var left = Evaluate(b.Left);
        var right = Evaluate(b.Right);
        if (left is null || right is null) return null;

        if (b.Operator is BinaryOperator.Equal or BinaryOperator.NotEqual && (left is FactorValue || right is FactorValue))
            return CompareFactor(b, left, right);

        var symbol = $"'{FormulaPrinter.Symbol(b.Operator)}'";
        if (!left.IsNumeric) return NotNumeric(b.Left, left, symbol);
        if (!right.IsNumeric) return NotNumeric(b.Right, right, symbol);

        var (op, logical) = ROperators.Of(b.Operator);
        return FrameValues.Combine(left, right, op, RowCount) switch
        {
            VectorValue v => v with { IsLogical = logical },
            ScalarValue s => s with { IsLogical = logical },
            var other => other,
        };
    }

    private FrameValue? CompareFactor(BinaryExpression b, FrameValue left, FrameValue right)
    {
        var (factor, other, otherExpr) = left is FactorValue lf ? (lf, right, b.Right) : ((FactorValue)right, left, b.Left);
        string? label = other switch
        {
            TextValue t => t.Value,
            ScalarValue s when !s.IsLogical => RNumber.Format(s.Number),
            _ => null,
        };
        if (label is null)
            return Unsupported(otherExpr, $"a categorical variable can only be compared with a level written as a string, e.g. {FormulaPrinter.Print(b.Left)} == \"a\"");
        int level = Array.IndexOf(factor.Levels, label);
        bool equal = b.Operator == BinaryOperator.Equal;
        var result = new double[RowCount];
        for (int i = 0; i < RowCount; i++)
        {
            int c = factor.Codes[i];
            result[i] = c < 0 ? double.NaN : (c == level) == equal ? 1 : 0;
        }
        return new VectorValue(result, true);
    }

    private FrameValue? Call(CallExpression c)
    {
        if (!FunctionRegistry.TryGet(c.Function, out var function))
        {
            var known = FunctionRegistry.Names.ToArray();
            var suggestion = NameSuggestion.Closest(c.Function, known);
            Report(DesignCodes.UnknownFunction,
                $"unknown function '{c.Function}()'" + (suggestion is not null ? $"; did you mean '{suggestion}()'?" : ".") +
                $" The model frame can evaluate: {string.Join(", ", known.Select(k => k + "()"))}.",
                c.FunctionSpan);
            return null;
        }

        var arguments = ArgumentBinder.Bind(function, c, (message, span) => Report(DesignCodes.InvalidArguments, message, span));
        if (arguments is null) return null;
        var call = new FunctionCall(this, c, arguments);
        return function switch
        {
            PlainFunction plain => plain.Evaluate(call),
            StatefulFunction stateful => _transforms.Run(stateful, call, FormulaPrinter.Print(c)),
            _ => throw new InvalidOperationException($"unknown kind of function {function.GetType().Name}"),
        };
    }

    private static FactorVariable LogicalFactor(string label, TextSpan span, double[] data)
    {
        var codes = new int[data.Length];
        for (int i = 0; i < data.Length; i++) codes[i] = double.IsNaN(data[i]) ? -1 : data[i] != 0 ? 1 : 0;
        return new FactorVariable(label, span, codes, new[] { "FALSE", "TRUE" }, false, true);
    }

    // ---- diagnostics ----

    /// <summary>Reports that <paramref name="operand"/> cannot be used by <paramref name="what"/> because it is not numeric; returns null.</summary>
    public FrameValue? NotNumeric(Expression operand, FrameValue value, string what)
    {
        var label = FormulaPrinter.Print(operand);
        if (value is FactorValue)
        {
            var kind = operand is NameExpression ? "a categorical column" : "categorical";
            Report(DesignCodes.CategoricalInNumericContext,
                $"{what} needs numbers, but '{label}' is {kind} (a factor); use it as a term of its own, or compare it with a level, e.g. I({label} == \"...\")",
                operand.Span);
        }
        else if (value is MatrixValue)
            Report(DesignCodes.UnsupportedExpression, $"{what} cannot take '{label}', which has several columns", operand.Span);
        else
            Report(DesignCodes.UnsupportedExpression, $"{what} needs numbers, but '{label}' is text", operand.Span);
        return null;
    }

    public FrameValue? Unsupported(Expression e, string message)
    {
        Report(DesignCodes.UnsupportedExpression, message, e.Span);
        return null;
    }

    public FrameValue? InvalidArgument(Expression e, string message)
    {
        Report(DesignCodes.InvalidArguments, message, e.Span);
        return null;
    }

    private void Report(string code, string message, TextSpan span) =>
        _diagnostics.Add(Diagnostic.Error(code, message, span));
}
