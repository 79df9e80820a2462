using AngleSharp.Dom;

namespace CorpusForge.Stages.Extraction;

/// <summary>Depth-first walks over a parsed page's elements, in document order, with an explicit stack (pages nest
/// deeper than recursion should go).</summary>
internal static class ElementWalk
{
    /// <summary>The elements below <paramref name="root"/> (not the root itself), in document order.</summary>
    public static IEnumerable<IElement> Descendants(IElement root)
    {
        var stack = new Stack<IElement>();
        PushChildren(stack, root);
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            yield return element;
            PushChildren(stack, element);
        }
    }

    /// <summary>The first element below <paramref name="root"/> (not the root itself), in document order, whose
    /// tag <paramref name="tag"/> accepts: what <c>QuerySelector("h1, h2, …")</c> finds for a list of tag names,
    /// without parsing and matching a selector. Every heading lookup of the extraction goes through it
    /// (<see cref="HtmlTags.IsHeading"/>, <see cref="HtmlTags.IsSubheading"/>); the heading-anchor test asks it of
    /// every section with a slug id, over the section's whole subtree.</summary>
    public static IElement? FirstDescendant(IElement root, Func<string, bool> tag)
    {
        var stack = new Stack<IElement>();
        PushChildren(stack, root);
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            if (tag(element.LocalName)) return element;
            PushChildren(stack, element);
        }

        return null;
    }

    /// <summary>Pushes the element children in reverse, so they pop in document order. (ChildNodes is indexed in
    /// constant time; AngleSharp's Children collection is live and walks the child list on every access.) Walks that
    /// skip a removed element's subtree use it directly.</summary>
    public static void PushChildren(Stack<IElement> stack, IElement element)
    {
        var nodes = element.ChildNodes;
        for (var i = nodes.Length - 1; i >= 0; i--)
        {
            // Every element of a parsed page is an Element: a class test is cheaper than asking for the interface.
            if (nodes[i] is Element child) stack.Push(child);
        }
    }
}
