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

/// <summary>A variable name, as written or inside backquotes.</summary>
public sealed record NameExpression(string Name, TextSpan Span) : Expression(Span)
{
    /// <summary>True when the name is not a syntactic R name and must be printed in backquotes.</summary>
    public bool NeedsBackquotes => !FormulaPrinter.IsSyntacticName(Name);
}

/// <summary>A numeric literal. <see cref="Text"/> is the literal as written.</summary>
public sealed record NumberExpression(double Value, string Text, TextSpan Span) : Expression(Span)
{
    public bool Equals(NumberExpression? other) => base.Equals(other) && Value.Equals(other!.Value);
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Value);
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
}

/// <summary>A binary operator application.</summary>
public sealed record BinaryExpression(BinaryOperator Operator, Expression Left, Expression Right, TextSpan Span)
    : Expression(Span);

/// <summary>A named or positional argument of a call.</summary>
public sealed record Argument(string? Name, Expression Value, TextSpan Span) : SyntaxNode(Span);

/// <summary>A function call such as log(x), I(x^2), poly(x, 2) or us(1 + t | g).</summary>
public sealed record CallExpression(string Function, SyntaxList<Argument> Arguments, TextSpan FunctionSpan, TextSpan Span)
    : Expression(Span);

/// <summary>
/// A random-effects term '(lhs | group)', or '(lhs || group)' when <see cref="Uncorrelated"/>.
/// Only valid inside parentheses (or as the argument of a covariance special).
/// </summary>
public sealed record RandomTermExpression(Expression Effects, Expression Group, bool Uncorrelated, TextSpan Span)
    : Expression(Span);
