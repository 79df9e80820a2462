using System.Text;
using AngleSharp.Dom;

namespace CorpusForge.Stages.Extraction;

/// <summary>Output format of extracted text.</summary>
public enum ExtractFormat
{
    /// <summary>Plain text: one line per block, list items as <c>- </c> lines, table rows with <c> | </c> between cells.</summary>
    Plain,

    /// <summary>Markdown: headings, lists, tables, quotes and fenced code blocks.</summary>
    Markdown,
}

/// <summary>Kinds of text block the renderer emits.</summary>
internal enum BlockKind : byte
{
    Paragraph,
    Heading,
    ListItem,
    TableRow,
    TableHeader,
    Code,
    Quote,
}

/// <summary>One block of extracted text.</summary>
/// <param name="Level">Heading level, list nesting depth or quote depth.</param>
/// <param name="Ordinal">Number of an ordered list item; 0 for bullets.</param>
/// <param name="List">For a list item, which list of the page it belongs to (numbered in document order, from 1); 0 for
/// other blocks. Tells one list from the next where their items follow each other.</param>
internal readonly record struct TextBlock(BlockKind Kind, string Text, int Level = 0, int Ordinal = 0, int List = 0);

/// <summary>Turns content elements into blocks of text (headings, paragraphs, list items, table rows, code), then into
/// plain text or Markdown.</summary>
internal sealed class TextRenderer
{
    private const int MaxDepth = 2000;
    private readonly List<TextBlock> _blocks = [];
    private readonly StringBuilder _line = new();
    private bool _pendingSpace;
    private bool _spaceBeforeLetter;
    private BlockKind _kind = BlockKind.Paragraph;
    private int _level;
    private int _ordinal;
    private int _list;
    private int _lists;
    private int _listDepth;
    private int _quoteDepth;

    /// <summary>Marks inline code (<c>code</c>, <c>kbd</c>, <c>samp</c> outside a <c>pre</c>) with backticks, as
    /// Markdown writes it; plain text leaves it unmarked.</summary>
    public bool InlineCode { get; init; }

    /// <summary>Blocks of the given elements in order.</summary>
    public List<TextBlock> Render(IEnumerable<IElement> elements)
    {
        foreach (var element in elements)
        {
            Walk(element, 0);
            Flush();
        }

        return _blocks;
    }

    private void Walk(INode node, int depth)
    {
        if (node.NodeType == NodeType.Text)
        {
            Append(node.TextContent);
            return;
        }

        if (node is not IElement element || depth > MaxDepth) return;
        switch (element.LocalName)
        {
            // A line break in a heading ("Harbour counts<br>fall again") only sets the heading's lines: it stays one
            // heading, where a paragraph's <br> starts a new line of text.
            case "br" when _kind == BlockKind.Heading:
                Append(" ");
                return;
            case "br":
                Flush();
                return;
            // The permalink mark documentation generators put after each heading (¶, #, §) is not text.
            case "a" when element.TextContent.Trim() is "¶" or "#" or "§" or "🔗":
                return;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                Flush();
                StartBlock(BlockKind.Heading, element.LocalName[1] - '0');
                WalkChildren(element, depth);
                Flush();
                return;
            case "ul" or "ol" or "dl":
                Flush();
                _listDepth++;
                var number = 0;
                var list = ++_lists;
                foreach (var child in element.ChildNodes)
                {
                    if (child is IElement { LocalName: "li" } item)
                    {
                        Flush();
                        StartBlock(BlockKind.ListItem, _listDepth, element.LocalName == "ol" ? ++number : 0, list);
                        WalkChildren(item, depth + 1);
                        Flush();
                    }
                    else
                    {
                        Walk(child, depth + 1);
                    }
                }

                _listDepth--;
                Flush();
                return;
            case "tr" when IsLayoutRow(element):
                Flush();
                WalkChildren(element, depth);
                Flush();
                return;
            case "tr":
                Flush();
                var cellElements = element.ChildNodes.OfType<IElement>().Where(c => c.LocalName is "td" or "th").ToList();
                var cells = cellElements.Select(c => Collapse(VisibleText(c))).ToList();
                if (cells.Any(c => c.Length > 0))
                {
                    var header = cellElements.All(c => c.LocalName != "td");
                    _blocks.Add(new TextBlock(header ? BlockKind.TableHeader : BlockKind.TableRow, string.Join(" | ", cells), cells.Count));
                }

                return;
            case "math":
                Append(" " + MathText(element) + " ");
                return;
            // A note number set as a superscript at the start of the note ("<sup>25</sup>Zero-redundancy", Google's SRE
            // book) is a separate word: a letter right after a numeric superscript starts the next one.
            case "sup":
                WalkChildren(element, depth);
                if (_line.Length > 0 && char.IsAsciiDigit(_line[^1]) && !_pendingSpace) _spaceBeforeLetter = true;
                return;
            case "code" or "kbd" or "samp" when InlineCode && element.TextContent.Trim() is { Length: > 0 } inline:
                // A span with a backtick inside is fenced by two, padded with spaces (CommonMark's code spans).
                var fence = inline.Contains('`') ? "`` " : "`";
                Append(fence.TrimEnd());
                if (fence.Length > 1) _line.Append(' ');
                _pendingSpace = false;
                WalkChildren(element, depth);
                var spaceAfter = _pendingSpace;
                _pendingSpace = false;
                _line.Append(fence.Length > 1 ? " ``" : "`");
                _pendingSpace = spaceAfter;
                return;
            case "pre":
                Flush();
                var code = WithoutLeadingBlankLines(VisibleText(element).Replace("\r\n", "\n").TrimEnd('\n', ' ', '\t'));
                if (code.Trim().Length > 0) _blocks.Add(new TextBlock(BlockKind.Code, code));
                return;
            case "blockquote":
                Flush();
                _quoteDepth++;
                WalkChildren(element, depth);
                Flush();
                _quoteDepth--;
                return;
            case "p" or "div" or "section" or "article" or "main" or "header" or "figure" or "address" or "center"
                or "details" or "summary" or "dt" or "dd" or "form" or "fieldset" or "hgroup" or "caption" or "table"
                or "tbody" or "thead" or "tfoot" or "hr" or "li" or "td" or "th":
                Flush();
                WalkChildren(element, depth);
                Flush();
                return;
            default:
                WalkChildren(element, depth);
                return;
        }
    }

    /// <summary>An element's text with each <c>&lt;br&gt;</c> and the end of each block-level line element (a
    /// highlighter's <c>div</c> per line) as a line break (a table cell's text is collapsed to spaces after): Medium and many CMSs break the lines of a
    /// <c>&lt;pre&gt;</c> or a table cell with <c>&lt;br&gt;</c>, which <c>TextContent</c> runs together
    /// ("// Method callmDrawBorder = …").</summary>
    private static string VisibleText(IElement element)
    {
        var text = new StringBuilder();
        // A break this method added (a <br>, the end of a line element): a source newline right after it
        // ("a<br>\nb", "<div>a</div>\n<div>b</div>") is the same break.
        var added = false;
        void Add(INode node)
        {
            if (node.NodeType == NodeType.Text)
            {
                var data = node.TextContent;
                if (added && data.StartsWith('\n')) data = data[1..];
                if (data.Length > 0) added = false;
                text.Append(data);
                return;
            }

            if (node is not IElement child) return;
            if (child.LocalName == "br")
            {
                // Pages that write "<br>\n" in a <pre> (Apache's manual) mean one break, not a blank line.
                text.Append('\n');
                added = true;
                return;
            }

            foreach (var grandchild in child.ChildNodes) Add(grandchild);
            if (child.LocalName is "div" or "p" or "li" && text.Length > 0 && text[^1] != '\n')
            {
                text.Append('\n');
                added = true;
            }
        }

        foreach (var node in element.ChildNodes) Add(node);
        return text.ToString();
    }

    /// <summary>A row of a layout table: its cells hold blocks (paragraphs, headings, lists) or long text, not values.</summary>
    private static bool IsLayoutRow(IElement row)
    {
        foreach (var cell in row.ChildNodes.OfType<IElement>())
        {
            if (cell.TextContent.Length > 300) return true;
            // Documentation generators (docutils, Sphinx) wrap every cell's value in one <p>: that is still a value.
            if (cell.QuerySelector("div, h1, h2, h3, h4, h5, h6, ul, ol, table, blockquote, pre") is not null ||
                cell.GetElementsByTagName("p").Length > 1) return true;
        }

        return false;
    }

    /// <summary>A MathML formula as text: its TeX source when the page gives one (<c>alttext</c>, a TeX annotation, as
    /// Wikipedia and LaTeX converters write them), else the symbols of its leaves separated by spaces.</summary>
    private static string MathText(IElement math)
    {
        var tex = math.GetAttribute("alttext");
        if (string.IsNullOrWhiteSpace(tex))
            tex = math.QuerySelector("annotation[encoding='application/x-tex']")?.TextContent;
        if (!string.IsNullOrWhiteSpace(tex))
        {
            tex = Collapse(tex);
            // MediaWiki wraps every formula's TeX in {\displaystyle …}, a rendering setting, not part of the formula.
            const string display = "{\\displaystyle ";
            if (tex.StartsWith(display, StringComparison.Ordinal) && tex.EndsWith('}')) tex = tex[display.Length..^1].Trim();
            return tex;
        }
        var parts = new List<string>();
        void Leaves(INode node)
        {
            if (node is IElement { LocalName: "annotation" or "annotation-xml" }) return;
            if (node.NodeType == NodeType.Text)
            {
                var text = Collapse(node.TextContent);
                if (text.Length > 0) parts.Add(text);
                return;
            }

            foreach (var child in node.ChildNodes) Leaves(child);
        }

        Leaves(math);
        return string.Join(' ', parts);
    }

    private void WalkChildren(IElement element, int depth)
    {
        foreach (var child in element.ChildNodes) Walk(child, depth + 1);
    }

    private void StartBlock(BlockKind kind, int level, int ordinal = 0, int list = 0)
    {
        _kind = kind;
        _level = level;
        _ordinal = ordinal;
        _list = list;
    }

    private void Append(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                _pendingSpace = true;
                continue;
            }

            if ((_pendingSpace || (_spaceBeforeLetter && char.IsLetter(c))) && _line.Length > 0) _line.Append(' ');
            _pendingSpace = false;
            _spaceBeforeLetter = false;
            _line.Append(c);
        }
    }

    private void Flush()
    {
        _pendingSpace = false;
        _spaceBeforeLetter = false;
        if (_line.Length > 0)
        {
            var kind = _kind == BlockKind.Paragraph && _quoteDepth > 0 ? BlockKind.Quote : _kind;
            _blocks.Add(new TextBlock(kind, _line.ToString(), kind == BlockKind.Quote ? _quoteDepth : _level, _ordinal, kind == BlockKind.ListItem ? _list : 0));
            _line.Clear();
        }

        _kind = BlockKind.Paragraph;
        _level = 0;
        _ordinal = 0;
        _list = 0;
    }

    private static string Collapse(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Formats blocks as plain text or Markdown.</summary>
    public static string Format(IReadOnlyList<TextBlock> blocks, ExtractFormat format)
    {
        var sb = new StringBuilder();
        TextBlock? previous = null;
        foreach (var block in blocks)
        {
            if (previous is { } p)
            {
                var tight = format == ExtractFormat.Plain ||
                            (IsRow(p.Kind) && IsRow(block.Kind)) ||
                            (p.Kind == BlockKind.ListItem && block.Kind == BlockKind.ListItem);
                sb.Append(tight ? "\n" : "\n\n");
            }

            if (format == ExtractFormat.Plain) AppendPlain(sb, block);
            else AppendMarkdown(sb, block, previous);
            previous = block;
        }

        return sb.ToString();
    }

    private static bool IsRow(BlockKind kind) => kind is BlockKind.TableRow or BlockKind.TableHeader;

    private static void AppendPlain(StringBuilder sb, TextBlock block)
    {
        if (block.Kind == BlockKind.ListItem) sb.Append(' ', 2 * Math.Max(0, block.Level - 1)).Append("- ");
        sb.Append(block.Text);
    }

    private static void AppendMarkdown(StringBuilder sb, TextBlock block, TextBlock? previous)
    {
        switch (block.Kind)
        {
            case BlockKind.Heading:
                sb.Append('#', Math.Clamp(block.Level, 1, 6)).Append(' ').Append(block.Text);
                break;
            case BlockKind.ListItem:
                sb.Append(' ', 2 * Math.Max(0, block.Level - 1)).Append(block.Ordinal > 0 ? $"{block.Ordinal}. " : "- ").Append(block.Text);
                break;
            case BlockKind.TableHeader or BlockKind.TableRow:
                if (block.Kind == BlockKind.TableRow && (previous is null || !IsRow(previous.Value.Kind)))
                {
                    // Markdown tables need a header row: use an empty one when the table has none.
                    sb.Append('|').Append(string.Concat(Enumerable.Repeat("  |", block.Level))).Append('\n');
                    sb.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", block.Level))).Append('\n');
                }

                sb.Append("| ").Append(block.Text).Append(" |");
                if (block.Kind == BlockKind.TableHeader)
                    sb.Append('\n').Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", block.Level)));
                break;
            case BlockKind.Code:
                sb.Append("```\n").Append(block.Text).Append("\n```");
                break;
            case BlockKind.Quote:
                sb.Append('>', Math.Max(1, block.Level)).Append(' ').Append(block.Text);
                break;
            default:
                sb.Append(block.Text);
                break;
        }
    }

    /// <summary>The code without the blank lines before its first line of text (white space only: a newswire's
    /// <c>&lt;pre&gt;</c> opens with " \n"); the first line keeps its indentation.</summary>
    private static string WithoutLeadingBlankLines(string code)
    {
        var start = 0;
        while (true)
        {
            var end = code.IndexOf('\n', start);
            if (end < 0 || !code.AsSpan(start, end - start).IsWhiteSpace()) return code[start..];
            start = end + 1;
        }
    }
}
