// lme4-style model formulas.
//
// The grammar is deliberately permissive: it accepts R expressions with R's operator precedence
// (including a '~' or a '|' in places a formula does not allow) so that the AST builder, not
// ANTLR, decides what is wrong and can say so in a statistician's words with a precise span.
//
// Precedence, tightest first (R's ?Syntax): ^  unary-+-  :  %op%  * /  binary-+-  comparisons
// !  & &&  | ||  ~.  ANTLR gives earlier alternatives of a left-recursive rule higher precedence.
grammar Formula;

formula
    : expr EOF
    ;

expr
    : <assoc = right> expr op = CARET expr                         # powerExpr
    | op = (PLUS | MINUS) expr                                     # unaryExpr
    | expr op = COLON expr                                         # interactionExpr
    | expr op = SPECIAL expr                                       # specialExpr
    | expr op = (STAR | SLASH) expr                                # multiplicativeExpr
    | expr op = (PLUS | MINUS) expr                                # additiveExpr
    | expr op = (LT | GT | LE | GE | EQ | NE) expr                 # comparisonExpr
    | op = BANG expr                                               # notExpr
    | expr op = (AMP | AMPAMP) expr                                # andExpr
    | expr op = (BAR | BARBAR) expr                                # barExpr
    | expr op = TILDE expr                                         # formulaExpr
    | op = TILDE expr                                              # oneSidedFormulaExpr
    | primary                                                      # primaryExpr
    ;

primary
    : LPAREN expr RPAREN                                           # parenthesized
    | callee = name LPAREN argumentList? RPAREN                    # call
    | name                                                         # nameRef
    | NUMBER                                                       # number
    | STRING                                                       # string
    ;

argumentList
    : argument (COMMA argument)*
    ;

argument
    : (argName = name ASSIGN)? expr
    ;

name
    : IDENTIFIER
    | BACKQUOTED
    ;

TILDE    : '~' ;
BARBAR   : '||' ;
BAR      : '|' ;
AMPAMP   : '&&' ;
AMP      : '&' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;
CARET    : '^' | '**' ;
COLON    : ':' ;
LE       : '<=' ;
GE       : '>=' ;
EQ       : '==' ;
NE       : '!=' ;
LT       : '<' ;
GT       : '>' ;
BANG     : '!' ;
ASSIGN   : '=' ;
COMMA    : ',' ;
LPAREN   : '(' ;
RPAREN   : ')' ;

// Any R user operator; the AST builder accepts only %in%.
SPECIAL  : '%' ~[%\r\n]* '%' ;

NUMBER
    : DIGITS ('.' DIGITS?)? EXPONENT? 'L'?
    | '.' DIGITS EXPONENT? 'L'?
    ;

IDENTIFIER
    : [a-zA-Z] [a-zA-Z0-9._]*
    | '.' ([a-zA-Z._] [a-zA-Z0-9._]*)?
    ;

BACKQUOTED : '`' ~[`\r\n]+ '`' ;

STRING
    : '"' ( '\\' . | ~["\\\r\n] )* '"'
    | '\'' ( '\\' . | ~['\\\r\n] )* '\''
    ;

WS : [ \t\r\n]+ -> channel(HIDDEN) ;

// Any other character becomes a token of its own so that the AST builder can report it.
UNKNOWN : . ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
