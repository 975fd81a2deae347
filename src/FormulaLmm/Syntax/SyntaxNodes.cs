namespace FormulaLmm.Syntax;

/// <summary>
/// Base of every AST node. Each node carries the span of the text it came from; equality is
/// structural and ignores spans, so that a formula and its canonical reprint compare equal.
/// </summary>
public abstract record SyntaxNode(TextSpan Span)
{
    public virtual bool Equals(SyntaxNode? other) =>
        other is not null && EqualityContract == other.EqualityContract;

    public override int GetHashCode() => EqualityContract.GetHashCode();
}

/// <summary>A whole formula: an optional response, '~', and the right-hand side.</summary>
public sealed record FormulaSyntax(Expression? Response, Expression RightHandSide, string Text, TextSpan Span)
    : SyntaxNode(Span)
{
    public bool Equals(FormulaSyntax? other) =>
        other is not null && Equals(Response, other.Response) && RightHandSide.Equals(other.RightHandSide);

    public override int GetHashCode() => HashCode.Combine(Response, RightHandSide);

    public override string ToString() => FormulaPrinter.Print(this);
}

/// <summary>Any expression on either side of '~' or inside a call.</summary>
public abstract record Expression(TextSpan Span) : SyntaxNode(Span)
{
    public override string ToString() => FormulaPrinter.Print(this);
}

/// <summary>
/// A variable name, as written or inside backquotes. R's constants TRUE, FALSE, NULL, NA and
/// NA_integer_/NA_real_/NA_character_/NA_complex_ are names too (see <see cref="IsRConstant"/>).
/// </summary>
public sealed record NameExpression(string Name, TextSpan Span) : Expression(Span)
{
    /// <summary>True when the name must be printed in backquotes (not syntactic in R, and not a constant).</summary>
    public bool NeedsBackquotes => !FormulaPrinter.IsSyntacticName(Name) && !IsRConstant;

    /// <summary>True for TRUE, FALSE, NULL, NA and the typed NA constants, which print bare.</summary>
    public bool IsRConstant => FormulaPrinter.IsConstantKeyword(Name);
}

/// <summary>
/// A numeric literal. <see cref="Text"/> is the literal as written (e.g. "1e5", "0x10", "2L").
/// Two numbers are equal when R's deparse prints them alike (15 significant digits, and the 'L'
/// of an integer), the same rule that makes them the same term label.
/// </summary>
public sealed record NumberExpression(double Value, string Text, TextSpan Span) : Expression(Span)
{
    /// <summary>True for an R integer literal: suffix L on a whole number within R's integer range.</summary>
    public bool IsInteger => IsIntegerLiteral(Text, Value);

    /// <summary>The number as R's deparse prints it: 1e+05, 0.1, 2L, Inf.</summary>
    public string Canonical => IsInteger
        ? ((long)Value).ToString(System.Globalization.CultureInfo.InvariantCulture) + "L"
        : FormulaPrinter.FormatNumber(Value);

    internal static bool IsIntegerLiteral(string text, double value) =>
        text.EndsWith('L') && value == Math.Floor(value) && Math.Abs(value) <= int.MaxValue;

    public bool Equals(NumberExpression? other) => base.Equals(other) && Canonical == other!.Canonical;
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Canonical);
}

/// <summary>A string literal (only meaningful as a function argument).</summary>
public sealed record StringExpression(string Value, TextSpan Span) : Expression(Span);

public enum UnaryOperator { Plus, Minus, Not }

/// <summary>Unary '+', '-' or '!'.</summary>
public sealed record UnaryExpression(UnaryOperator Operator, Expression Operand, TextSpan Span) : Expression(Span);

public enum BinaryOperator
{
    /// <summary>'^' : power (crossing to a degree in a formula, arithmetic inside I()).</summary>
    Power,
    /// <summary>':' : interaction.</summary>
    Interaction,
    /// <summary>'%in%' : nesting.</summary>
    In,
    /// <summary>'*' : crossing.</summary>
    Times,
    /// <summary>'/' : nesting.</summary>
    Divide,
    Plus,
    Minus,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
    Equal,
    NotEqual,
    And,
    /// <summary>'%%' : remainder (arithmetic, only inside a call such as I()).</summary>
    Modulo,
    /// <summary>'%/%' : integer division (arithmetic, only inside a call such as I()).</summary>
    IntegerDivide,
}

/// <summary>A binary operator application.</summary>
public sealed record BinaryExpression(BinaryOperator Operator, Expression Left, Expression Right, TextSpan Span)
    : Expression(Span);

/// <summary>A named or positional argument of a call.</summary>
public sealed record Argument(string? Name, Expression Value, TextSpan Span) : SyntaxNode(Span);

/// <summary>A function call such as log(x), I(x^2), poly(x, 2) or us(1 + t | g).</summary>
public sealed record CallExpression(string Function, SyntaxList<Argument> Arguments, TextSpan FunctionSpan, TextSpan Span)
    : Expression(Span)
{
    // FunctionSpan is a span too: equality ignores it like every other span.
    public bool Equals(CallExpression? other) =>
        base.Equals(other) && Function == other!.Function && Arguments.Equals(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Function, Arguments);
}

/// <summary>
/// A random-effects term '(lhs | group)', or '(lhs || group)' when <see cref="Uncorrelated"/>.
/// Only valid inside parentheses (or as the argument of a covariance special).
/// </summary>
public sealed record RandomTermExpression(Expression Effects, Expression Group, bool Uncorrelated, TextSpan Span)
    : Expression(Span);
