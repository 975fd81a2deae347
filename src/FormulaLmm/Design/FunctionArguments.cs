using FormulaLmm.Syntax;
using FormulaLmm.Text;

namespace FormulaLmm.Design;

/// <summary>One formal argument of a model-frame function, named as R's <c>formals()</c> names it.</summary>
internal abstract record FormalArgument(string Name);

/// <summary>
/// The data argument (R's <c>x</c>): any expression, evaluated on every row when the function
/// asks for it. Always required, as in R, where a missing <c>x</c> is an error.
/// </summary>
internal sealed record DataArgument(string Name) : FormalArgument(Name);

/// <summary>
/// A number written as a literal in the formula, such as <c>poly</c>'s degree. A model frame
/// cannot vary it by row, so it is read from the formula, not evaluated on the data.
/// </summary>
/// <param name="Name">R's name of the argument.</param>
/// <param name="Default">R's default, used when the call does not give the argument.</param>
/// <param name="IsValid">Whether a given value is allowed.</param>
/// <param name="Requirement">The message when the argument is not a literal number or not valid.</param>
internal sealed record NumberArgument(string Name, double Default, Func<double, bool> IsValid, string Requirement) : FormalArgument(Name);

/// <summary>TRUE or FALSE (or T, F) written in the formula, such as <c>scale</c>'s center.</summary>
/// <param name="Name">R's name of the argument.</param>
/// <param name="Default">R's default, used when the call does not give the argument.</param>
/// <param name="Requirement">The message when the argument is not TRUE or FALSE.</param>
internal sealed record FlagArgument(string Name, bool Default, string Requirement) : FormalArgument(Name);

/// <summary>R's <c>...</c>: one or more unnamed data arguments (<c>pmin</c>, <c>pmax</c>).</summary>
/// <param name="Requirement">The message when the call has none, or names one.</param>
internal sealed record DotsArgument(string Requirement) : FormalArgument("...");

/// <summary>The arguments of one call, matched to the function's formals; literals already read and checked.</summary>
internal sealed class BoundArguments
{
    private readonly IReadOnlyList<FormalArgument> _formals;
    private readonly Expression?[] _given;
    private readonly double[] _numbers;
    private readonly bool[] _flags;

    public BoundArguments(IReadOnlyList<FormalArgument> formals, Expression?[] given, double[] numbers, bool[] flags, IReadOnlyList<Expression> dots)
    {
        _formals = formals;
        _given = given;
        _numbers = numbers;
        _flags = flags;
        Dots = dots;
    }

    /// <summary>The expressions given for <c>...</c>, in order.</summary>
    public IReadOnlyList<Expression> Dots { get; }

    /// <summary>The expression of a data argument (always given: binding fails otherwise).</summary>
    public Expression Data(string name) => _given[IndexOf(name)]!;

    /// <summary>The literal given for a number argument, or its default.</summary>
    public double Number(string name) => _numbers[IndexOf(name)];

    /// <summary>The literal given for a flag argument, or its default.</summary>
    public bool Flag(string name) => _flags[IndexOf(name)];

    private int IndexOf(string name)
    {
        for (int i = 0; i < _formals.Count; i++)
            if (_formals[i].Name == name) return i;
        throw new ArgumentException($"no formal argument '{name}'", nameof(name));
    }
}

/// <summary>
/// Matches a call's arguments to a function's formals as R does for these functions: exact
/// names, then unique prefixes, then positions; then reads the literal arguments, in formal
/// order, stopping at the first that does not fit. Data arguments are not evaluated here: the
/// function decides when, so that the first problem reported is the one R would meet first.
/// </summary>
internal static class ArgumentBinder
{
    public static BoundArguments? Bind(FrameFunction function, CallExpression c, Action<string, TextSpan> invalid)
    {
        var formals = function.Formals;
        if (formals is [DotsArgument dots])
        {
            if (c.Arguments.Count == 0 || c.Arguments.Any(a => a.Name is not null))
            {
                invalid(dots.Requirement, c.Span);
                return null;
            }
            return new BoundArguments(formals, new Expression?[1], new double[1], new bool[1], c.Arguments.Select(a => a.Value).ToArray());
        }

        var names = formals.Select(f => f.Name).ToArray();
        var given = new Expression?[formals.Count];
        var positional = new List<Argument>();
        foreach (var a in c.Arguments)
        {
            if (a.Name is null) { positional.Add(a); continue; }
            int index = Array.IndexOf(names, a.Name);
            if (index < 0)
            {
                var prefixed = names.Select((f, i) => (f, i)).Where(p => p.f.StartsWith(a.Name, StringComparison.Ordinal)).ToList();
                index = prefixed.Count == 1 ? prefixed[0].i : -1;
            }
            if (index < 0 || given[index] is not null)
            {
                invalid($"{c.Function}() has no argument '{a.Name}' here; it takes {string.Join(", ", names)}", a.Span);
                return null;
            }
            given[index] = a.Value;
        }
        int next = 0;
        foreach (var a in positional)
        {
            while (next < names.Length && given[next] is not null) next++;
            if (next >= names.Length)
            {
                invalid($"too many arguments to {c.Function}(): it takes {string.Join(", ", names)}", a.Span);
                return null;
            }
            given[next++] = a.Value;
        }
        for (int i = 0; i < formals.Count; i++)
            if (formals[i] is DataArgument && given[i] is null)
            {
                invalid($"{c.Function}() needs its argument '{names[i]}'", c.Span);
                return null;
            }

        var numbers = new double[formals.Count];
        var flags = new bool[formals.Count];
        for (int i = 0; i < formals.Count; i++)
        {
            switch (formals[i])
            {
                case NumberArgument number:
                    numbers[i] = number.Default;
                    if (given[i] is not { } ne) break;
                    if (LiteralNumber(ne) is not { } value || !number.IsValid(value))
                    {
                        invalid(number.Requirement, ne.Span);
                        return null;
                    }
                    numbers[i] = value;
                    break;
                case FlagArgument flag:
                    flags[i] = flag.Default;
                    if (given[i] is not { } fe) break;
                    if (LiteralBool(fe) is not { } b)
                    {
                        invalid(flag.Requirement, fe.Span);
                        return null;
                    }
                    flags[i] = b;
                    break;
            }
        }
        return new BoundArguments(formals, given, numbers, flags, Array.Empty<Expression>());
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
}
