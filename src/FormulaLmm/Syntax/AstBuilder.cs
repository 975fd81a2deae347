using System.Globalization;
using System.Text;
using Antlr4.Runtime;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax.Generated;

namespace FormulaLmm.Syntax;

/// <summary>
/// Builds the immutable AST from ANTLR's parse tree and enforces the rules the permissive grammar
/// leaves open: one '~' at the top, '|' only inside parentheses, comparisons only inside calls.
/// </summary>
internal sealed class AstBuilder : FormulaBaseVisitor<Expression>
{
    private readonly string _text;
    private readonly List<Diagnostic> _diagnostics = new();
    private int _callDepth;
    private FormulaParser.ExprContext? _root;

    public AstBuilder(string text) => _text = text;

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    private Expression? _response;

    public override Expression Visit(Antlr4.Runtime.Tree.IParseTree tree)
    {
        if (_root is null && tree is FormulaParser.ExprContext root)
        {
            _root = root;
            switch (root)
            {
                case FormulaParser.FormulaExprContext f:
                    _response = Visit(f.expr(0));
                    return Visit(f.expr(1));
                case FormulaParser.OneSidedFormulaExprContext o:
                    return Visit(o.expr());
                default:
                    var rhs = base.Visit(tree);
                    Error(SyntaxCodes.MissingTilde,
                        "a formula needs '~' between the response and the terms, e.g. y ~ x + (1 | g)", SpanOf(root));
                    return rhs;
            }
        }
        return base.Visit(tree);
    }

    public FormulaSyntax ToFormula(Expression rhs, TextSpan span) => new(_response, rhs, _text, span);

    private void Error(string code, string message, TextSpan span) => _diagnostics.Add(Diagnostic.Error(code, message, span));

    private static TextSpan SpanOf(ParserRuleContext ctx) =>
        TextSpan.FromBounds(ctx.Start.StartIndex, Math.Max(ctx.Start.StartIndex, ctx.Stop?.StopIndex + 1 ?? ctx.Start.StartIndex));

    private static TextSpan SpanOf(IToken t) => new(t.StartIndex, Math.Max(1, t.StopIndex - t.StartIndex + 1));

    public override Expression VisitFormulaExpr(FormulaParser.FormulaExprContext context)
    {
        Error(SyntaxCodes.MoreThanOneTilde, "a formula has at most one '~'", SpanOf(context.op));
        Visit(context.expr(0));
        return Visit(context.expr(1));
    }

    public override Expression VisitOneSidedFormulaExpr(FormulaParser.OneSidedFormulaExprContext context)
    {
        Error(SyntaxCodes.MoreThanOneTilde, "a formula has at most one '~'", SpanOf(context.op));
        return Visit(context.expr());
    }

    public override Expression VisitPowerExpr(FormulaParser.PowerExprContext c) => Binary(BinaryOperator.Power, c, c.expr(0), c.expr(1));
    public override Expression VisitInteractionExpr(FormulaParser.InteractionExprContext c) => Binary(BinaryOperator.Interaction, c, c.expr(0), c.expr(1));

    public override Expression VisitSpecialExpr(FormulaParser.SpecialExprContext c)
    {
        if (c.op.Text != "%in%")
            Error(SyntaxCodes.UnknownOperator, $"unknown operator '{c.op.Text}': the only %-operator in a formula is %in%", SpanOf(c.op));
        return Binary(BinaryOperator.In, c, c.expr(0), c.expr(1));
    }

    public override Expression VisitMultiplicativeExpr(FormulaParser.MultiplicativeExprContext c) =>
        Binary(c.op.Type == FormulaLexer.STAR ? BinaryOperator.Times : BinaryOperator.Divide, c, c.expr(0), c.expr(1));

    public override Expression VisitAdditiveExpr(FormulaParser.AdditiveExprContext c) =>
        Binary(c.op.Type == FormulaLexer.PLUS ? BinaryOperator.Plus : BinaryOperator.Minus, c, c.expr(0), c.expr(1));

    public override Expression VisitComparisonExpr(FormulaParser.ComparisonExprContext c)
    {
        var op = c.op.Type switch
        {
            FormulaLexer.LT => BinaryOperator.Less,
            FormulaLexer.GT => BinaryOperator.Greater,
            FormulaLexer.LE => BinaryOperator.LessOrEqual,
            FormulaLexer.GE => BinaryOperator.GreaterOrEqual,
            FormulaLexer.EQ => BinaryOperator.Equal,
            _ => BinaryOperator.NotEqual,
        };
        RequireInsideCall(c.op);
        return Binary(op, c, c.expr(0), c.expr(1));
    }

    public override Expression VisitAndExpr(FormulaParser.AndExprContext c)
    {
        RequireInsideCall(c.op);
        return Binary(BinaryOperator.And, c, c.expr(0), c.expr(1));
    }

    public override Expression VisitNotExpr(FormulaParser.NotExprContext c)
    {
        RequireInsideCall(c.op);
        return new UnaryExpression(UnaryOperator.Not, Visit(c.expr()), SpanOf(c));
    }

    private void RequireInsideCall(IToken op)
    {
        if (_callDepth == 0)
            Error(SyntaxCodes.OperatorOutsideI,
                $"'{op.Text}' is arithmetic, not formula syntax: wrap it in I(), e.g. I(x {op.Text} 2)", SpanOf(op));
    }

    public override Expression VisitUnaryExpr(FormulaParser.UnaryExprContext c) =>
        new UnaryExpression(c.op.Type == FormulaLexer.PLUS ? UnaryOperator.Plus : UnaryOperator.Minus, Visit(c.expr()), SpanOf(c));

    public override Expression VisitBarExpr(FormulaParser.BarExprContext c)
    {
        bool enclosed = c.Parent is FormulaParser.ParenthesizedContext or FormulaParser.ArgumentContext;
        if (!enclosed)
            Error(SyntaxCodes.BarOutsideParentheses,
                $"'{c.op.Text}' must be inside parentheses: write ({Slice(c.expr(0))} {c.op.Text} {Slice(c.expr(1))})", SpanOf(c.op));
        foreach (var side in c.expr())
            if (side is FormulaParser.BarExprContext inner)
                Error(SyntaxCodes.NestedBar,
                    $"a random-effects term has exactly one '{inner.op.Text}': write separate terms, e.g. (1 | g) + (1 | h)", SpanOf(inner.op));
        if (c.expr(0) is FormulaParser.AndExprContext { op.Type: FormulaLexer.AMPAMP })
            Error(SyntaxCodes.SyntaxError, "'&&' is not formula syntax", SpanOf(c.expr(0)));
        var effects = VisitBarSide(c.expr(0));
        var group = VisitBarSide(c.expr(1));
        var span = SpanOf(c);
        if (c.Parent is FormulaParser.ParenthesizedContext p) span = SpanOf(p);
        return new RandomTermExpression(effects, group, c.op.Type == FormulaLexer.BARBAR, span);
    }

    // The two sides of a bar are checked as if enclosed: a nested bar was reported already.
    private Expression VisitBarSide(FormulaParser.ExprContext side) =>
        side is FormulaParser.BarExprContext inner ? new RandomTermExpression(Visit(inner.expr(0)), Visit(inner.expr(1)), false, SpanOf(inner)) : Visit(side);

    private string Slice(ParserRuleContext ctx)
    {
        var s = SpanOf(ctx);
        return _text.Substring(s.Start, s.Length).Trim();
    }

    public override Expression VisitPrimaryExpr(FormulaParser.PrimaryExprContext c) => Visit(c.primary());

    public override Expression VisitParenthesized(FormulaParser.ParenthesizedContext c) => Visit(c.expr());

    public override Expression VisitCall(FormulaParser.CallContext c)
    {
        _callDepth++;
        var args = new List<Argument>();
        if (c.argumentList() is { } list)
        {
            foreach (var a in list.argument())
            {
                var value = Visit(a.expr());
                args.Add(new Argument(a.argName is null ? null : NameText(a.argName), value, SpanOf(a)));
            }
        }
        _callDepth--;
        return new CallExpression(NameText(c.callee), new SyntaxList<Argument>(args), SpanOf(c.callee), SpanOf(c));
    }

    public override Expression VisitNameRef(FormulaParser.NameRefContext c) => new NameExpression(NameText(c.name()), SpanOf(c));

    public override Expression VisitNumber(FormulaParser.NumberContext c)
    {
        var text = c.NUMBER().GetText();
        var digits = text.EndsWith('L') ? text[..^1] : text;
        double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value);
        return new NumberExpression(value, text, SpanOf(c));
    }

    public override Expression VisitString(FormulaParser.StringContext c)
    {
        var raw = c.STRING().GetText();
        var sb = new StringBuilder();
        for (int i = 1; i < raw.Length - 1; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length - 1) { i++; sb.Append(raw[i] switch { 'n' => '\n', 't' => '\t', var ch => ch }); }
            else sb.Append(raw[i]);
        }
        return new StringExpression(sb.ToString(), SpanOf(c));
    }

    private static string NameText(FormulaParser.NameContext n)
    {
        var t = n.GetText();
        return n.BACKQUOTED() is not null ? t[1..^1] : t;
    }

    private Expression Binary(BinaryOperator op, ParserRuleContext c, FormulaParser.ExprContext left, FormulaParser.ExprContext right) =>
        new BinaryExpression(op, Visit(left), Visit(right), SpanOf(c));
}
