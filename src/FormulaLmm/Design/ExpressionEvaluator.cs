using FormulaLmm.Data;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;
using FormulaLmm.Text;

namespace FormulaLmm.Design;

/// <summary>
/// Evaluates a variable's expression on every row of a table, as R's model.frame does: column
/// names, numbers, arithmetic and comparisons, and the functions a model formula commonly uses
/// (log, exp, sqrt, abs, ..., I, factor, ordered, scale, poly, offset). Problems become
/// diagnostics that name the culprit and point at it; evaluation then yields null.
/// </summary>
internal sealed class ExpressionEvaluator
{
    private readonly DataTable _data;
    private readonly IReadOnlySet<string> _categorical;
    private readonly List<Diagnostic> _diagnostics;
    private readonly HashSet<string> _reportedUnknownNames = new(StringComparer.Ordinal);
    private readonly int _n;

    public ExpressionEvaluator(DataTable data, IReadOnlySet<string> categoricalColumns, List<Diagnostic> diagnostics)
    {
        _data = data;
        _categorical = categoricalColumns;
        _diagnostics = diagnostics;
        _n = data.RowCount;
    }

    /// <summary>Functions known to the model frame, for messages.</summary>
    public static readonly string[] KnownFunctions =
    {
        "log", "log2", "log10", "log1p", "exp", "expm1", "sqrt", "abs", "sin", "cos", "tan", "asin", "acos",
        "atan", "sinh", "cosh", "tanh", "floor", "ceiling", "trunc", "round", "sign", "pmin", "pmax", "as.numeric",
        "as.double", "as.integer", "I", "factor", "as.factor", "ordered", "as.ordered", "scale", "poly", "offset",
    };

    private static readonly Dictionary<string, Func<double, double>> ElementwiseFunctions = new(StringComparer.Ordinal)
    {
        ["log2"] = Math.Log2,
        ["log10"] = Math.Log10,
        ["log1p"] = v => v == 0 ? v : Math.Abs(v) < 1e-4 ? Log1pSmall(v) : Math.Log(1 + v),
        ["exp"] = Math.Exp,
        ["expm1"] = v => Math.Abs(v) < 1e-5 ? v + v * v / 2 + v * v * v / 6 : Math.Exp(v) - 1,
        ["sqrt"] = Math.Sqrt,
        ["abs"] = Math.Abs,
        ["sin"] = Math.Sin,
        ["cos"] = Math.Cos,
        ["tan"] = Math.Tan,
        ["asin"] = Math.Asin,
        ["acos"] = Math.Acos,
        ["atan"] = Math.Atan,
        ["sinh"] = Math.Sinh,
        ["cosh"] = Math.Cosh,
        ["tanh"] = Math.Tanh,
        ["floor"] = Math.Floor,
        ["ceiling"] = Math.Ceiling,
        ["trunc"] = Math.Truncate,
        ["sign"] = v => double.IsNaN(v) ? v : Math.Sign(v),
    };

    // log(1+v) for small v without cancellation: series to the precision of a double.
    private static double Log1pSmall(double v)
    {
        double sum = 0, term = v;
        for (int k = 1; k < 30; k++)
        {
            sum += term / k;
            term *= -v;
        }
        return sum;
    }

    /// <summary>A model variable: numeric (vector or matrix) or a factor (logical values become a FALSE/TRUE factor).</summary>
    public FrameVariable? EvaluateVariable(Expression expression)
    {
        var value = Evaluate(expression);
        if (value is null) return null;
        var label = FormulaPrinter.Print(expression);
        switch (value)
        {
            case Vector { IsLogical: true } logical:
                return LogicalFactor(label, expression.Span, logical.Data);
            case Vector v:
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
            case Vector v:
                var factor = ToFactor(v, ordered: false);
                return new FactorVariable(label, expression.Span, factor.Codes, factor.Levels, false, false);
            default:
                Report(DesignCodes.InvalidGroupingVariable,
                    $"the grouping factor '{label}' must be a single column or expression, not a matrix or a constant", expression.Span);
                return null;
        }
    }

    // ---- values during evaluation ----

    private abstract record Value;

    /// <summary>One number per row; NaN is missing. Logical vectors hold 0/1.</summary>
    private sealed record Vector(double[] Data, bool IsLogical) : Value;

    private sealed record Scalar(double Number, bool IsLogical) : Value;

    private sealed record Text(string Value) : Value;

    private sealed record FactorValue(int[] Codes, string[] Levels, bool IsOrdered) : Value;

    private sealed record MatrixValue(double[][] Columns, string[] Suffixes) : Value;

    private Value? Evaluate(Expression e) => e switch
    {
        NameExpression n => Name(n),
        NumberExpression num => new Scalar(num.Value, false),
        StringExpression s => new Text(s.Value),
        UnaryExpression u => Unary(u),
        BinaryExpression b => Binary(b),
        CallExpression c => Call(c),
        _ => Unsupported(e, $"'{FormulaPrinter.Print(e)}' cannot be evaluated as a variable"),
    };

    private Value? Name(NameExpression n)
    {
        if (_data.TryGetColumn(n.Name, out var column))
        {
            switch (column)
            {
                case NumericColumn numeric when _categorical.Contains(n.Name):
                    return ToFactor(new Vector(numeric.Values, false), ordered: false);
                case NumericColumn numeric:
                    return new Vector(numeric.Values, false);
                case CategoricalColumn { IsLogical: true } logical:
                    return LogicalVector(logical);
                case CategoricalColumn categorical:
                    return new FactorValue(categorical.Codes, categorical.Levels.ToArray(), categorical.IsOrdered);
            }
        }
        switch (n.Name)
        {
            case "TRUE" or "T": return new Scalar(1, true);
            case "FALSE" or "F": return new Scalar(0, true);
            case "NA": return new Scalar(double.NaN, true);
            case "pi": return new Scalar(Math.PI, false);
            case "Inf": return new Scalar(double.PositiveInfinity, false);
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

    /// <summary>An R logical column: 1 for TRUE, 0 for FALSE, NaN when missing (so that it also works in arithmetic).</summary>
    private static Vector LogicalVector(CategoricalColumn column)
    {
        var levelValue = column.Levels.Select(l => l == "TRUE" ? 1.0 : 0.0).ToArray();
        var data = new double[column.Length];
        for (int i = 0; i < data.Length; i++) data[i] = column.Codes[i] < 0 ? double.NaN : levelValue[column.Codes[i]];
        return new Vector(data, true);
    }

    private Value? Unary(UnaryExpression u)
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
                    Scalar s => new Scalar(sign * s.Number, false),
                    Vector v => new Vector(Map(v.Data, x => sign * x), false),
                    _ => NotNumeric(u.Operand, operand, $"unary '{(sign < 0 ? "-" : "+")}'", u.Span),
                };
            }
            default: // '!'
                return operand switch
                {
                    Scalar s => new Scalar(s.Number == 0 ? 1 : 0, true),
                    Vector v => new Vector(Map(v.Data, x => double.IsNaN(x) ? double.NaN : x == 0 ? 1 : 0), true),
                    _ => NotNumeric(u.Operand, operand, "'!'", u.Span),
                };
        }
    }

    private Value? Binary(BinaryExpression b)
    {
        if (b.Operator is BinaryOperator.Interaction or BinaryOperator.In)
            return Unsupported(b, $"'{FormulaPrinter.Symbol(b.Operator)}' inside a function call is not supported: write the interaction as a term of the formula, e.g. a:b");

        var left = Evaluate(b.Left);
        var right = Evaluate(b.Right);
        if (left is null || right is null) return null;

        if (b.Operator is BinaryOperator.Equal or BinaryOperator.NotEqual && (left is FactorValue || right is FactorValue))
            return CompareFactor(b, left, right);

        var symbol = $"'{FormulaPrinter.Symbol(b.Operator)}'";
        if (!IsNumeric(left)) return NotNumeric(b.Left, left, symbol, b.Span);
        if (!IsNumeric(right)) return NotNumeric(b.Right, right, symbol, b.Span);

        Func<double, double, double> op = b.Operator switch
        {
            BinaryOperator.Plus => (x, y) => x + y,
            BinaryOperator.Minus => (x, y) => x - y,
            BinaryOperator.Times => (x, y) => x * y,
            BinaryOperator.Divide => (x, y) => x / y,
            BinaryOperator.Power => RPower,
            BinaryOperator.Less => (x, y) => Logical(x, y, x < y),
            BinaryOperator.Greater => (x, y) => Logical(x, y, x > y),
            BinaryOperator.LessOrEqual => (x, y) => Logical(x, y, x <= y),
            BinaryOperator.GreaterOrEqual => (x, y) => Logical(x, y, x >= y),
            BinaryOperator.Equal => (x, y) => Logical(x, y, x == y),
            BinaryOperator.NotEqual => (x, y) => Logical(x, y, x != y),
            BinaryOperator.And => RAnd,
            BinaryOperator.Modulo => RModulo,
            BinaryOperator.IntegerDivide => (x, y) => Math.Floor(x / y),
            _ => throw new InvalidOperationException($"operator {b.Operator}"),
        };
        bool logical = b.Operator is not (BinaryOperator.Plus or BinaryOperator.Minus or BinaryOperator.Times
            or BinaryOperator.Divide or BinaryOperator.Power or BinaryOperator.Modulo or BinaryOperator.IntegerDivide);

        return Combine(left, right, op) switch
        {
            Vector v => v with { IsLogical = logical },
            Scalar s => s with { IsLogical = logical },
            var other => other,
        };
    }

    // R: 1^y and x^0 are 1 even for NaN/NA operands.
    private static double RPower(double x, double y) => x == 1 || y == 0 ? 1 : Math.Pow(x, y);

    // R's %%: the remainder has the sign of the divisor.
    private static double RModulo(double x, double y)
    {
        if (y == 0) return double.NaN;
        double r = x - Math.Floor(x / y) * y;
        return r;
    }

    private static double Logical(double x, double y, bool value) =>
        double.IsNaN(x) || double.IsNaN(y) ? double.NaN : value ? 1 : 0;

    // R's three-valued '&': FALSE wins over NA.
    private static double RAnd(double x, double y)
    {
        if (x == 0 || y == 0) return 0;
        if (double.IsNaN(x) || double.IsNaN(y)) return double.NaN;
        return 1;
    }

    private Value? CompareFactor(BinaryExpression b, Value left, Value right)
    {
        var (factor, other, otherExpr) = left is FactorValue lf ? (lf, right, b.Right) : ((FactorValue)right, left, b.Left);
        string? label = other switch
        {
            Text t => t.Value,
            Scalar s when !s.IsLogical => RNumber.Format(s.Number),
            _ => null,
        };
        if (label is null)
            return Unsupported(otherExpr, $"a categorical variable can only be compared with a level written as a string, e.g. {FormulaPrinter.Print(b.Left)} == \"a\"");
        int level = Array.IndexOf(factor.Levels, label);
        bool equal = b.Operator == BinaryOperator.Equal;
        var result = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            int c = factor.Codes[i];
            result[i] = c < 0 ? double.NaN : (c == level) == equal ? 1 : 0;
        }
        return new Vector(result, true);
    }

    private Value? Call(CallExpression c)
    {
        switch (c.Function)
        {
            case "I":
            case "offset":
            {
                if (!Bind(c, new[] { "x" }, 1, out var args)) return null;
                var value = Evaluate(args[0]!);
                if (value is null) return null;
                if (c.Function == "offset" && !IsNumeric(value)) return NotNumeric(args[0]!, value, "offset()", c.Span);
                return value;
            }
            case "log":
            {
                if (!Bind(c, new[] { "x", "base" }, 1, out var args)) return null;
                double? logBase = null;
                if (args[1] is { } baseExpr)
                {
                    logBase = LiteralNumber(baseExpr);
                    if (logBase is null || logBase <= 0)
                        return InvalidArgument(baseExpr, "the base of log() must be a positive number, e.g. log(x, 2)");
                }
                double divisor = logBase is { } bv ? Math.Log(bv) : 1;
                return Elementwise(c, args[0]!, v => Math.Log(v) / divisor);
            }
            case "round":
            {
                if (!Bind(c, new[] { "x", "digits" }, 1, out var args)) return null;
                int digits = 0;
                if (args[1] is { } d)
                {
                    var dv = LiteralNumber(d);
                    if (dv is null || dv != Math.Floor(dv.Value) || Math.Abs(dv.Value) > 15)
                        return InvalidArgument(d, "digits of round() must be a whole number between -15 and 15");
                    digits = (int)dv.Value;
                }
                return Elementwise(c, args[0]!, v => RoundDigits(v, digits));
            }
            case "factor":
            case "as.factor":
            case "ordered":
            case "as.ordered":
            {
                if (!Bind(c, new[] { "x" }, 1, out var args)) return null;
                var value = Evaluate(args[0]!);
                bool ordered = c.Function.EndsWith("ordered", StringComparison.Ordinal);
                return value switch
                {
                    null => null,
                    FactorValue f => f with { IsOrdered = ordered || (c.Function == "as.factor" && f.IsOrdered) },
                    Vector v => ToFactor(v, ordered),
                    _ => Unsupported(args[0]!, $"{c.Function}() needs a single column or expression, not '{FormulaPrinter.Print(args[0]!)}'"),
                };
            }
            case "as.numeric":
            case "as.double":
            case "as.integer":
            {
                if (!Bind(c, new[] { "x" }, 1, out var args)) return null;
                var value = Evaluate(args[0]!);
                bool integer = c.Function == "as.integer";
                return value switch
                {
                    null => null,
                    // R: a factor becomes its level number (1, 2, ...), not its label.
                    FactorValue f => new Vector(f.Codes.Select(code => code < 0 ? double.NaN : code + 1.0).ToArray(), false),
                    Scalar s => new Scalar(integer ? Math.Truncate(s.Number) : s.Number, false),
                    Vector v => new Vector(integer ? Map(v.Data, Math.Truncate) : v.Data, false),
                    _ => NotNumeric(args[0]!, value, $"{c.Function}()", c.Span),
                };
            }
            case "pmin":
            case "pmax":
                return ParallelExtreme(c);
            case "scale":
                return Scale(c);
            case "poly":
                return Poly(c);
        }

        if (ElementwiseFunctions.TryGetValue(c.Function, out var function))
        {
            if (!Bind(c, new[] { "x" }, 1, out var args)) return null;
            return Elementwise(c, args[0]!, function);
        }

        var suggestion = NameSuggestion.Closest(c.Function, KnownFunctions);
        Report(DesignCodes.UnknownFunction,
            $"unknown function '{c.Function}()'" + (suggestion is not null ? $"; did you mean '{suggestion}()'?" : ".") +
            $" The model frame can evaluate: {string.Join(", ", KnownFunctions.Select(k => k + "()"))}.",
            c.FunctionSpan);
        return null;
    }

    // R rounds halves to even at the requested digit.
    private static double RoundDigits(double v, int digits)
    {
        if (!double.IsFinite(v)) return v;
        if (digits >= 0) return Math.Round(v, Math.Min(digits, 15), MidpointRounding.ToEven);
        double p = Math.Pow(10, -digits);
        return Math.Round(v / p, MidpointRounding.ToEven) * p;
    }

    private Value? Elementwise(CallExpression call, Expression argument, Func<double, double> f)
    {
        var value = Evaluate(argument);
        return value switch
        {
            null => null,
            Scalar s => new Scalar(f(s.Number), false),
            Vector v => new Vector(Map(v.Data, f), false),
            MatrixValue m => new MatrixValue(m.Columns.Select(col => Map(col, f)).ToArray(), m.Suffixes),
            _ => NotNumeric(argument, value, $"{call.Function}()", call.Span),
        };
    }

    /// <summary>R's pmin/pmax: the elementwise minimum or maximum of numbers and vectors (NA when any is NA).</summary>
    private Value? ParallelExtreme(CallExpression c)
    {
        if (c.Arguments.Count == 0 || c.Arguments.Any(a => a.Name is not null))
            return InvalidArgument(c, $"{c.Function}() takes two or more numbers or numeric variables, e.g. {c.Function}(x, 0)");
        bool max = c.Function == "pmax";
        Value? result = null;
        foreach (var a in c.Arguments)
        {
            var value = Evaluate(a.Value);
            if (value is null) return null;
            if (!IsNumeric(value)) return NotNumeric(a.Value, value, $"{c.Function}()", c.Span);
            result = result is null ? value : Combine(result, value, (x, y) =>
                double.IsNaN(x) || double.IsNaN(y) ? double.NaN : max ? Math.Max(x, y) : Math.Min(x, y));
        }
        return result switch
        {
            Vector v => v with { IsLogical = false },
            Scalar s => s with { IsLogical = false },
            _ => result,
        };
    }

    /// <summary>Applies a binary function to numbers and vectors, recycling a number over the rows.</summary>
    private Value Combine(Value left, Value right, Func<double, double, double> op)
    {
        if (left is Scalar ls && right is Scalar rs) return new Scalar(op(ls.Number, rs.Number), false);
        var result = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            double x = left is Scalar l ? l.Number : ((Vector)left).Data[i];
            double y = right is Scalar r ? r.Number : ((Vector)right).Data[i];
            result[i] = op(x, y);
        }
        return new Vector(result, false);
    }

    /// <summary>R's scale(x, center = TRUE, scale = TRUE) on a vector: centred by the mean, divided by the SD (or the root mean square when not centred).</summary>
    private Value? Scale(CallExpression c)
    {
        if (!Bind(c, new[] { "x", "center", "scale" }, 1, out var args)) return null;
        bool center = true, scale = true;
        if (args[1] is { } ce)
        {
            if (LiteralBool(ce) is not bool cb) return InvalidArgument(ce, "center of scale() must be TRUE or FALSE");
            center = cb;
        }
        if (args[2] is { } se)
        {
            if (LiteralBool(se) is not bool sb) return InvalidArgument(se, "scale of scale() must be TRUE or FALSE");
            scale = sb;
        }

        var value = Evaluate(args[0]!);
        if (value is null) return null;
        if (value is not Vector v) return NotNumeric(args[0]!, value, "scale()", c.Span);

        // R uses the non-missing values of the whole column, before rows are dropped for other variables.
        var x = v.Data;
        int count = 0;
        double sum = 0;
        foreach (var xi in x) if (double.IsFinite(xi)) { count++; sum += xi; }
        double mean = center && count > 0 ? sum / count : 0;
        var result = new double[_n];
        for (int i = 0; i < _n; i++) result[i] = x[i] - mean;
        if (scale)
        {
            double ss = 0;
            foreach (var r in result) if (double.IsFinite(r)) ss += r * r;
            double sd = Math.Sqrt(ss / Math.Max(1, count - 1));
            for (int i = 0; i < _n; i++) result[i] /= sd;
        }
        return new MatrixValue(new[] { result }, new[] { "" });
    }

    /// <summary>R's poly(x, degree) (orthonormal) and poly(x, degree, raw = TRUE) (plain powers).</summary>
    private Value? Poly(CallExpression c)
    {
        if (!Bind(c, new[] { "x", "degree", "raw" }, 1, out var args)) return null;
        int degree = 1;
        if (args[1] is { } de)
        {
            var dv = LiteralNumber(de);
            if (dv is null || dv < 1 || dv != Math.Floor(dv.Value))
                return InvalidArgument(de, "the degree of poly() must be a whole number ≥ 1, e.g. poly(x, 2)");
            degree = (int)dv.Value;
        }
        bool raw = false;
        if (args[2] is { } re)
        {
            if (LiteralBool(re) is not { } rb) return InvalidArgument(re, "raw of poly() must be TRUE or FALSE");
            raw = rb;
        }

        var value = Evaluate(args[0]!);
        if (value is null) return null;
        if (value is not Vector v) return NotNumeric(args[0]!, value, "poly()", c.Span);

        var suffixes = Enumerable.Range(1, degree).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var columns = new double[degree][];
        if (raw)
        {
            for (int d = 0; d < degree; d++) columns[d] = Map(v.Data, x => Math.Pow(x, d + 1));
            return new MatrixValue(columns, suffixes);
        }

        // R refuses missing values in poly(); here the basis is computed on the rows where x is
        // finite (which is what R computes when it has none) and the other rows stay missing.
        var rows = new List<int>(_n);
        for (int i = 0; i < _n; i++) if (double.IsFinite(v.Data[i])) rows.Add(i);
        var x = rows.Select(i => v.Data[i]).ToArray();
        int distinct = x.Distinct().Count();
        if (degree >= distinct)
            return InvalidArgument(c, $"the degree of {FormulaPrinter.Print(c)} must be less than the number of distinct values of '{FormulaPrinter.Print(args[0]!)}' ({distinct})");
        var basis = OrthogonalPolynomials.Basis(x, degree);
        for (int d = 0; d < degree; d++)
        {
            var col = new double[_n];
            Array.Fill(col, double.NaN);
            for (int k = 0; k < rows.Count; k++) col[rows[k]] = basis[d][k];
            columns[d] = col;
        }
        return new MatrixValue(columns, suffixes);
    }

    /// <summary>R's factor() of numbers: levels are the distinct values in numeric order, labelled as as.character does.</summary>
    private static FactorValue ToFactor(Vector v, bool ordered)
    {
        var data = v.Data;
        if (v.IsLogical)
        {
            // factor(logical) keeps the observed values only, FALSE before TRUE.
            bool hasFalse = data.Any(x => x == 0), hasTrue = data.Any(x => x == 1);
            var levels = new List<string>();
            if (hasFalse) levels.Add("FALSE");
            if (hasTrue) levels.Add("TRUE");
            var codes = data.Select(x => double.IsNaN(x) ? -1 : x == 0 ? 0 : hasFalse ? 1 : 0).ToArray();
            return new FactorValue(codes, levels.ToArray(), ordered);
        }
        var distinct = data.Where(x => !double.IsNaN(x)).Distinct().OrderBy(x => x).ToArray();
        var index = new Dictionary<double, int>(distinct.Length);
        for (int i = 0; i < distinct.Length; i++) index[distinct[i]] = i;
        var codesOut = new int[data.Length];
        for (int i = 0; i < data.Length; i++) codesOut[i] = double.IsNaN(data[i]) ? -1 : index[data[i]];
        return new FactorValue(codesOut, distinct.Select(RNumber.Format).ToArray(), ordered);
    }

    private static FactorVariable LogicalFactor(string label, TextSpan span, double[] data)
    {
        var codes = new int[data.Length];
        for (int i = 0; i < data.Length; i++) codes[i] = double.IsNaN(data[i]) ? -1 : data[i] != 0 ? 1 : 0;
        return new FactorVariable(label, span, codes, new[] { "FALSE", "TRUE" }, false, true);
    }

    // ---- arguments ----

    /// <summary>
    /// Matches a call's arguments to formal names as R does for these functions: exact names,
    /// then unique prefixes, then positions. Reports a diagnostic and returns false when they do not fit.
    /// </summary>
    private bool Bind(CallExpression c, string[] formals, int required, out Expression?[] bound)
    {
        bound = new Expression?[formals.Length];
        var positional = new List<Argument>();
        foreach (var a in c.Arguments)
        {
            if (a.Name is null) { positional.Add(a); continue; }
            int index = Array.IndexOf(formals, a.Name);
            if (index < 0)
            {
                var prefixed = formals.Select((f, i) => (f, i)).Where(p => p.f.StartsWith(a.Name, StringComparison.Ordinal)).ToList();
                index = prefixed.Count == 1 ? prefixed[0].i : -1;
            }
            if (index < 0 || bound[index] is not null)
            {
                Report(DesignCodes.InvalidArguments,
                    $"{c.Function}() has no argument '{a.Name}' here; it takes {string.Join(", ", formals)}", a.Span);
                return false;
            }
            bound[index] = a.Value;
        }
        int next = 0;
        foreach (var a in positional)
        {
            while (next < formals.Length && bound[next] is not null) next++;
            if (next >= formals.Length)
            {
                Report(DesignCodes.InvalidArguments,
                    $"too many arguments to {c.Function}(): it takes {string.Join(", ", formals)}", a.Span);
                return false;
            }
            bound[next++] = a.Value;
        }
        for (int i = 0; i < required; i++)
            if (bound[i] is null)
            {
                Report(DesignCodes.InvalidArguments, $"{c.Function}() needs its argument '{formals[i]}'", c.Span);
                return false;
            }
        return true;
    }

    private static double? LiteralNumber(Expression e) => e switch
    {
        NumberExpression n => n.Value,
        UnaryExpression { Operator: UnaryOperator.Minus, Operand: NumberExpression n } => -n.Value,
        UnaryExpression { Operator: UnaryOperator.Plus, Operand: NumberExpression n } => n.Value,
        _ => null,
    };

    private static bool? LiteralBool(Expression e) => e switch
    {
        NameExpression { Name: "TRUE" or "T" } => true,
        NameExpression { Name: "FALSE" or "F" } => false,
        _ => null,
    };

    // ---- helpers ----

    private static bool IsNumeric(Value v) => v is Scalar or Vector;

    private static double[] Map(double[] data, Func<double, double> f)
    {
        var result = new double[data.Length];
        for (int i = 0; i < data.Length; i++) result[i] = f(data[i]);
        return result;
    }

    private Value? NotNumeric(Expression operand, Value value, string what, TextSpan span)
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

    private Value? Unsupported(Expression e, string message)
    {
        Report(DesignCodes.UnsupportedExpression, message, e.Span);
        return null;
    }

    private Value? InvalidArgument(Expression e, string message)
    {
        Report(DesignCodes.InvalidArguments, message, e.Span);
        return null;
    }

    private void Report(string code, string message, TextSpan span) =>
        _diagnostics.Add(Diagnostic.Error(code, message, span));
}
