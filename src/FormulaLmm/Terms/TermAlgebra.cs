using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;
using FormulaLmm.Text;

namespace FormulaLmm.Terms;

/// <summary>Where a sub-expression sits; it decides what a random-effects term found there means.</summary>
internal enum TermContext
{
    /// <summary>Joined to the formula by '+' only: a random-effects term here is a term of the model.</summary>
    Additive,
    /// <summary>Subtracted with '-': removing a random-effects term has no meaning.</summary>
    Removed,
    /// <summary>Part of an interaction, nesting, power or call: a random-effects term here has no meaning.</summary>
    Inside,
}

/// <summary>Receives the random-effects terms the algebra meets where they are allowed.</summary>
internal interface IRandomTermSink
{
    void Add(RandomTermExpression term, CovarianceStructure covariance, TextSpan span);
}

/// <summary>
/// R's <c>terms.formula</c> algebra over one side of a formula (the fixed part, or the left-hand
/// side of a random-effects term). It follows R's model.c: variables are numbered in order of first
/// appearance, a term is a set of variable numbers, '+' appends, ':' takes pairwise unions, '*'
/// appends both sides and their unions, '%in%' and '/' add the other side's variables, '^' repeats
/// ':', '-' strips, and '1'/'0' set the intercept with a parity that every '-' flips (so that
/// '- -1' keeps it). Duplicates are dropped as they arise, keeping the first.
/// </summary>
internal sealed class TermAlgebra
{
    // The product of two term lists beyond this size is a formula nobody means (R would try).
    private const int MaxTerms = 100_000;

    private static readonly HashSet<string> CovarianceSpecials = new() { "us", "diag", "cs", "ar1" };

    private readonly List<Diagnostic> _diagnostics;
    private readonly IRandomTermSink? _randomTerms;
    private readonly bool _offsetsAllowed;
    private readonly List<TermVariable> _variables = new();
    private readonly Dictionary<TermVariable, int> _index = new();
    private readonly SortedSet<int> _offsets = new();
    private bool _intercept = true;
    private bool _parity = true;

    /// <param name="diagnostics">Where problems go.</param>
    /// <param name="randomTerms">Receives random-effects terms; null where none are allowed (inside a bar term).</param>
    /// <param name="offsetsAllowed">Whether offset() may appear (the fixed part only).</param>
    public TermAlgebra(List<Diagnostic> diagnostics, IRandomTermSink? randomTerms, bool offsetsAllowed)
    {
        _diagnostics = diagnostics;
        _randomTerms = randomTerms;
        _offsetsAllowed = offsetsAllowed;
    }

    public bool HasIntercept => _intercept;

    /// <summary>Variable numbers of the offset() calls, ascending.</summary>
    public IReadOnlyCollection<int> OffsetVariables => _offsets;

    public TermVariable Variable(int index) => _variables[index];

    /// <summary>Numbers the response first, as R does, so that it orders before the right-hand side.</summary>
    public int InstallResponse(Expression response) => Install(response);

    /// <summary>The terms of an expression, in order of first appearance, duplicates dropped.</summary>
    public List<EncodedTerm> Encode(Expression expression) => Encode(expression, new Position(TermContext.Additive, null));

    public ModelTerm ToModelTerm(EncodedTerm term) =>
        new(term.Variables.Select(i => _variables[i]).ToArray(), term.Span);

    /// <summary>R's final order: by number of variables, ties in order of appearance.</summary>
    public static List<EncodedTerm> SortByOrder(IEnumerable<EncodedTerm> terms) =>
        terms.Select((t, i) => (t, i)).OrderBy(p => p.t.Order).ThenBy(p => p.i).Select(p => p.t).ToList();

    // Enclosing: the outermost expression that makes this position "inside" or "removed", for messages.
    private readonly record struct Position(TermContext Context, Expression? Enclosing)
    {
        public Position Inside(Expression around) =>
            Context == TermContext.Inside ? this : new Position(TermContext.Inside, around);

        public Position Removed(Expression around) =>
            Context == TermContext.Inside ? this : new Position(TermContext.Removed, around);
    }

    private List<EncodedTerm> Encode(Expression e, Position at)
    {
        switch (e)
        {
            case NumberExpression n:
                if (n.Value == 1) { SetIntercept(true); return new(); }
                if (n.Value == 0) { SetIntercept(false); return new(); }
                Error(TermsCodes.InvalidTerm,
                    $"the number {n.Text} is not a term: only 1 (intercept) and 0 (no intercept) are; for a constant column write I({n.Text})",
                    n.Span);
                return new();
            case NameExpression { Name: "TRUE" }:
                SetIntercept(true);
                return new();
            case NameExpression { Name: "FALSE" }:
                SetIntercept(false);
                return new();
            case NameExpression { Name: "." } dot:
                ReportDot(dot);
                return new();
            case NameExpression name:
                return Single(name);
            case StringExpression s:
                Error(TermsCodes.InvalidTerm,
                    $"the string \"{s.Value}\" is not a term: name a column, e.g. y ~ x", s.Span);
                return new();
            case UnaryExpression { Operator: UnaryOperator.Plus } u:
                return Encode(u.Operand, at);
            case UnaryExpression { Operator: UnaryOperator.Minus } u:
            {
                // R: deleting from nothing leaves nothing, but '-1' / '-0' still set the intercept.
                _parity = !_parity;
                Encode(u.Operand, at.Removed(u));
                _parity = !_parity;
                return new();
            }
            case UnaryExpression u:
                Error(TermsCodes.InvalidTerm,
                    $"'{FormulaPrinter.Print(u)}' is not a term: wrap logical expressions in I(), e.g. I({FormulaPrinter.Print(u)})", u.Span);
                return new();
            case BinaryExpression b:
                return EncodeBinary(b, at);
            case CallExpression c:
                return EncodeCall(c, at);
            case RandomTermExpression r:
                return EncodeRandomTerm(r, CovarianceStructure.Unstructured, r.Span, r, at);
            default:
                throw new InvalidOperationException($"unexpected node {e.GetType().Name}");
        }
    }

    private List<EncodedTerm> EncodeBinary(BinaryExpression b, Position at)
    {
        switch (b.Operator)
        {
            case BinaryOperator.Plus:
                return Trim(Encode(b.Left, at).Concat(Encode(b.Right, at)));
            case BinaryOperator.Minus:
            {
                if (at.Context == TermContext.Additive && _randomTerms is not null && IsOnlyRandomTerms(b.Left))
                    Warning(TermsCodes.Lme4ReadsMinusDifferently,
                        $"lme4 1.1-31 reads the fixed part of '{FormulaPrinter.Print(b)}' as '{FormulaPrinter.Print(b.Right)}' " +
                        "(it ignores a '-' that follows only random-effects terms); here '-' removes, as R's formula " +
                        "rules say. To get this model from lme4 as well, write the subtraction first, " +
                        $"e.g. ~ {FormulaPrinter.Print(new UnaryExpression(UnaryOperator.Minus, b.Right, b.Right.Span))} + {FormulaPrinter.Print(b.Left)}",
                        b.Span);
                var left = Encode(b.Left, at);
                _parity = !_parity;
                var right = Encode(b.Right, at.Removed(b));
                _parity = !_parity;
                var removed = new HashSet<int[]>(right.Select(r => r.Variables), VariableSetComparer.Instance);
                return left.Where(l => !removed.Contains(l.Variables)).ToList();
            }
            case BinaryOperator.Interaction:
            {
                var inside = at.Inside(b);
                var left = Encode(b.Left, inside);
                var right = Encode(b.Right, inside);
                return Product(left, right, b.Span);
            }
            case BinaryOperator.Times:
            {
                var inside = at.Inside(b);
                var left = Encode(b.Left, inside);
                var right = Encode(b.Right, inside);
                if (left.Count == 0) return DropLikeR(b, right);
                return Trim(left.Concat(right).Concat(Product(left, right, b.Span)));
            }
            case BinaryOperator.In:
            {
                // 'b %in% a': every term on the left gains all variables on the right.
                var inside = at.Inside(b);
                var left = Encode(b.Left, inside);
                var right = Encode(b.Right, inside);
                var all = AllVariables(right);
                return Trim(left.Select(t => t.Union(all, b.Span)));
            }
            case BinaryOperator.Divide:
            {
                // 'a / b': the left terms, then every right term with all variables of the left.
                var inside = at.Inside(b);
                var left = Encode(b.Left, inside);
                var right = Encode(b.Right, inside);
                if (left.Count == 0) return DropLikeR(b, right);
                var all = AllVariables(left);
                return Trim(left.Concat(right.Select(t => t.Union(all, b.Span))));
            }
            case BinaryOperator.Power:
                return EncodePower(b, at.Inside(b));
            default:
                Error(TermsCodes.InvalidTerm,
                    $"'{FormulaPrinter.Print(b)}' is not a term: wrap arithmetic and comparisons in I(), e.g. I({FormulaPrinter.Print(b)})",
                    b.Span);
                return new();
        }
    }

    /// <summary>
    /// R's model.c builds 'a * b' and 'a / b' by appending to the left side's term list and
    /// discards the result when that list is empty, so '1*a', '0/a' or '(a - a)*b' have no terms
    /// at all. lme4 inherits this; it is kept so that models agree, and said aloud.
    /// </summary>
    private List<EncodedTerm> DropLikeR(BinaryExpression b, List<EncodedTerm> right)
    {
        if (right.Count > 0)
            Warning(TermsCodes.TermsDroppedLikeR,
                $"'{FormulaPrinter.Print(b.Left)}' has no terms, and then R drops all of '{FormulaPrinter.Print(b)}' " +
                $"(so does this model, to agree with R and lme4); write '{FormulaPrinter.Print(b.Right)}' if that is what you mean",
                b.Span);
        return new();
    }

    private List<EncodedTerm> EncodePower(BinaryExpression b, Position inside)
    {
        var left = Encode(b.Left, inside);
        if (!TryExponent(b.Right, out int exponent))
        {
            var text = FormulaPrinter.Print(b.Right);
            Error(TermsCodes.InvalidPower,
                $"the power in '{FormulaPrinter.Print(b)}' must be a whole number of at least 1 (the highest order of " +
                $"interaction to keep), not {text}; for arithmetic write I({FormulaPrinter.Print(b)})",
                b.Right.Span);
            return left;
        }
        if (left.Count == 1 && exponent >= 2)
            Warning(TermsCodes.PowerOfSingleTerm,
                $"'{FormulaPrinter.Print(b)}' crosses {FormulaPrinter.Print(b.Left)} with itself, which is just " +
                $"{FormulaPrinter.Print(b.Left)}; for the power of a number write I({FormulaPrinter.Print(b)})",
                b.Span);
        // Crossing more often than there are variables adds nothing.
        int rounds = Math.Min(exponent, Math.Max(1, AllVariables(left).Length));
        var result = left;
        for (int i = 1; i < rounds; i++) result = Product(left, result, b.Span);
        return result;
    }

    private static bool TryExponent(Expression e, out int exponent)
    {
        exponent = 0;
        if (e is not NumberExpression n || double.IsNaN(n.Value) || n.Value < 1 || n.Value != Math.Floor(n.Value)) return false;
        exponent = n.Value > int.MaxValue ? int.MaxValue : (int)n.Value;
        return true;
    }

    private List<EncodedTerm> EncodeCall(CallExpression c, Position at)
    {
        if (CovarianceSpecials.Contains(c.Function)) return EncodeCovarianceSpecial(c, at);
        if (c.Function == "offset") return EncodeOffset(c, at);
        if (FindRandomTerm(c) is { } bar)
        {
            bool soleArgument = c.Arguments.Count == 1 && c.Arguments[0].Value is RandomTermExpression;
            if (soleArgument && at.Context == TermContext.Additive && _randomTerms is not null)
            {
                Error(TermsCodes.UnknownCovarianceStructure,
                    $"'{c.Function}' is not a covariance structure: wrap a random-effects term in us() (unstructured), " +
                    $"diag() (diagonal), cs() (compound symmetry) or ar1() (autoregressive), or write it alone: {FormulaPrinter.Print(bar)}",
                    c.FunctionSpan);
                return new();
            }
            ReportRandomTermInside(bar, at.Context == TermContext.Inside ? at.Enclosing! : c);
            return new();
        }
        return Single(c);
    }

    private List<EncodedTerm> EncodeCovarianceSpecial(CallExpression c, Position at)
    {
        var bar = c.Arguments.Count == 1 ? c.Arguments[0].Value as RandomTermExpression : null;
        if (bar is null)
        {
            var what = c.Arguments.Count == 0 ? "nothing" : c.Arguments.Count > 1 ? $"{c.Arguments.Count} arguments" : $"'{FormulaPrinter.Print(c.Arguments[0].Value)}'";
            Error(TermsCodes.CovarianceStructureWithoutBar,
                $"{c.Function}() sets the covariance structure of one random-effects term and must wrap exactly one, " +
                $"e.g. {c.Function}(1 + x | g), but here it wraps {what}",
                c.Span);
            return new();
        }
        if (bar.Uncorrelated)
        {
            Error(TermsCodes.DoubleBarInsideCovarianceStructure,
                $"'||' already makes the effects uncorrelated; inside {c.Function}() write a single '|', " +
                $"e.g. {c.Function}({FormulaPrinter.Print(bar.Effects)} | {FormulaPrinter.Print(bar.Group)})",
                c.Span);
            return new();
        }
        var structure = c.Function switch
        {
            "us" => CovarianceStructure.Unstructured,
            "diag" => CovarianceStructure.Diagonal,
            "cs" => CovarianceStructure.CompoundSymmetry,
            _ => CovarianceStructure.AutoRegressive1,
        };
        return EncodeRandomTerm(bar, structure, c.Span, c, at);
    }

    private List<EncodedTerm> EncodeRandomTerm(RandomTermExpression bar, CovarianceStructure structure, TextSpan span, Expression whole, Position at)
    {
        if (at.Context == TermContext.Removed)
        {
            Error(TermsCodes.RemovedRandomTerm,
                $"the random-effects term {FormulaPrinter.Print(whole)} cannot be removed with '-': delete it from the formula, " +
                "or add it with '+'",
                span);
            return new();
        }
        if (at.Context == TermContext.Inside || _randomTerms is null)
        {
            ReportRandomTermInside(bar, at.Enclosing);
            return new();
        }
        _randomTerms.Add(bar, structure, span);
        return new();
    }

    private List<EncodedTerm> EncodeOffset(CallExpression c, Position at)
    {
        if (c.Arguments.Count != 1)
        {
            Error(TermsCodes.OffsetArguments,
                $"offset() takes exactly one argument, the offset expression, e.g. offset(log(exposure)); here it has {c.Arguments.Count}",
                c.Span);
            return new();
        }
        if (FindRandomTerm(c) is { } bar)
        {
            ReportRandomTermInside(bar, c);
            return new();
        }
        if (!_offsetsAllowed)
        {
            Error(TermsCodes.OffsetInsideTerm,
                $"{FormulaPrinter.Print(c)} cannot be part of a random-effects term: add it to the fixed part, e.g. y ~ x + {FormulaPrinter.Print(c)} + (1 | g)",
                c.Span);
            return new();
        }
        if (at.Context == TermContext.Inside)
        {
            Error(TermsCodes.OffsetInsideTerm,
                $"{FormulaPrinter.Print(c)} cannot be part of '{FormulaPrinter.Print(at.Enclosing!)}': an offset is added on its own, e.g. y ~ x + {FormulaPrinter.Print(c)}",
                c.Span);
            return new();
        }
        if (at.Context == TermContext.Removed)
        {
            Error(TermsCodes.RemovedOffset,
                $"{FormulaPrinter.Print(c)} cannot be removed with '-': delete it from the formula",
                c.Span);
            return new();
        }
        int index = Install(c);
        _offsets.Add(index);
        return new() { new EncodedTerm(new[] { index }, c.Span) };
    }

    private List<EncodedTerm> Single(Expression variable)
    {
        if (FindRandomTerm(variable) is { } bar)
        {
            ReportRandomTermInside(bar, variable);
            return new();
        }
        return new() { new EncodedTerm(new[] { Install(variable) }, variable.Span) };
    }

    private int Install(Expression expression)
    {
        var variable = new TermVariable(expression);
        if (_index.TryGetValue(variable, out int index)) return index;
        index = _variables.Count;
        _variables.Add(variable);
        _index.Add(variable, index);
        return index;
    }

    private void SetIntercept(bool one) => _intercept = one == _parity;

    private List<EncodedTerm> Product(List<EncodedTerm> left, List<EncodedTerm> right, TextSpan span)
    {
        if ((long)left.Count * right.Count > MaxTerms)
        {
            Error(TermsCodes.InvalidTerm,
                $"this part of the formula expands to more than {MaxTerms} terms ({left.Count} × {right.Count})", span);
            return new();
        }
        var product = new List<EncodedTerm>(left.Count * right.Count);
        foreach (var l in left)
            foreach (var r in right)
                product.Add(l.Union(r, span));
        return Trim(product);
    }

    private static int[] AllVariables(List<EncodedTerm> terms) =>
        terms.Aggregate(Array.Empty<int>(), (acc, t) => EncodedTerm.MergeSorted(acc, t.Variables));

    /// <summary>Drops empty terms and repeats, keeping the first of each (R's TrimRepeats).</summary>
    private static List<EncodedTerm> Trim(IEnumerable<EncodedTerm> terms)
    {
        var kept = new List<EncodedTerm>();
        var seen = new HashSet<int[]>(VariableSetComparer.Instance);
        foreach (var t in terms)
            if (t.Order > 0 && seen.Add(t.Variables))
                kept.Add(t);
        return kept;
    }

    private sealed class VariableSetComparer : IEqualityComparer<int[]>
    {
        public static readonly VariableSetComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            foreach (var v in obj) hash.Add(v);
            return hash.ToHashCode();
        }
    }

    /// <summary>True when lme4's nobars() would drop the whole expression (only random-effects terms).</summary>
    private static bool IsOnlyRandomTerms(Expression e) => e switch
    {
        RandomTermExpression => true,
        CallExpression c => c.Arguments.Any(a => a.Value is RandomTermExpression),
        UnaryExpression { Operator: UnaryOperator.Plus } u => IsOnlyRandomTerms(u.Operand),
        BinaryExpression { Operator: BinaryOperator.Plus } b => IsOnlyRandomTerms(b.Left) && IsOnlyRandomTerms(b.Right),
        _ => false,
    };

    /// <summary>The first random-effects term anywhere inside an expression.</summary>
    internal static RandomTermExpression? FindRandomTerm(Expression e) => e switch
    {
        RandomTermExpression r => r,
        UnaryExpression u => FindRandomTerm(u.Operand),
        BinaryExpression b => FindRandomTerm(b.Left) ?? FindRandomTerm(b.Right),
        CallExpression c => c.Arguments.Select(a => FindRandomTerm(a.Value)).FirstOrDefault(r => r is not null),
        _ => null,
    };

    private void ReportRandomTermInside(RandomTermExpression bar, Expression? enclosing)
    {
        var barText = FormulaPrinter.Print(bar);
        var message = enclosing is null || _randomTerms is null
            ? $"the random-effects term {barText} cannot be inside another random-effects term: write them separately, e.g. (1 | g) + (1 | h)"
            : $"the random-effects term {barText} cannot be part of '{FormulaPrinter.Print(enclosing)}': random-effects terms are added on their own, e.g. y ~ x + {barText}";
        Error(TermsCodes.RandomTermInsideTerm, message, bar.Span);
    }

    private void ReportDot(NameExpression dot) =>
        Error(TermsCodes.DotNotSupported,
            "'.' (all other columns) is not supported yet: name the variables, e.g. y ~ x1 + x2 + (1 | g)", dot.Span);

    private void Error(string code, string message, TextSpan span) => _diagnostics.Add(Diagnostic.Error(code, message, span));

    private void Warning(string code, string message, TextSpan span) => _diagnostics.Add(Diagnostic.Warning(code, message, span));
}
