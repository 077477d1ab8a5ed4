using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Monitor.Core.Regimes.Embedding;

/// <summary>
/// A quadtree over 2-D points with each cell's centre of mass and point count, for the Barnes-Hut approximation of
/// t-SNE's repulsive forces (van der Maaten 2014, §4.2): a cell seen from a point under an angle width / distance &lt; θ
/// acts as one body of its count at its centre of mass. Built top-down by partitioning the point order, so the tree
/// (and every sum over it) is the same on every run.
/// </summary>
internal sealed class BarnesHutTree
{
    private const int MaxDepth = 48;

    private readonly int[] _order;
    private readonly int[] _positionOf;
    private readonly int[] _buffer;
    private Node[] _tree = new Node[16];
    private int _nodes;

    /// <summary>A tree for <paramref name="capacity"/> points, rebuilt with <see cref="Build"/>.</summary>
    public BarnesHutTree(int capacity)
    {
        _order = new int[capacity];
        _positionOf = new int[capacity];
        _buffer = new int[capacity];
    }

    /// <summary>The points in tree order (spatially coherent): iterating over them in this order keeps traversals cache-friendly.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>Rebuilds the tree over the points of <paramref name="y"/> (<c>[n, 2]</c> row-major).</summary>
    public void Build(ReadOnlySpan<double> y, int n)
    {
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            _order[i] = i;
            minX = Math.Min(minX, y[2 * i]);
            maxX = Math.Max(maxX, y[2 * i]);
            minY = Math.Min(minY, y[(2 * i) + 1]);
            maxY = Math.Max(maxY, y[(2 * i) + 1]);
        }

        double half = (Math.Max(maxX - minX, maxY - minY) / 2 * (1 + 1e-6)) + 1e-12;
        _nodes = 0;
        BuildNode(y, Allocate(1), 0, n, (minX + maxX) / 2, (minY + maxY) / 2, half, 0);
        for (int p = 0; p < n; p++)
        {
            _positionOf[_order[p]] = p;
        }
    }

    /// <summary>
    /// Σⱼ wᵢⱼ and Σⱼ wᵢⱼ² (yᵢ − yⱼ) over all j ≠ i with wᵢⱼ = 1/(1 + ‖yᵢ − yⱼ‖²), approximated with the tree for the point
    /// <paramref name="i"/> at (<paramref name="x"/>, <paramref name="yCoordinate"/>); <paramref name="i"/> = −1 for a point not in the tree.
    /// </summary>
    public (double Z, double Fx, double Fy) Repulsion(int i, double x, double yCoordinate, double thetaSquared, Span<int> stack)
    {
        int self = i >= 0 ? _positionOf[i] : -1;
        double z = 0, fx = 0, fy = 0;
        if (stack.Length < StackLength)
        {
            throw new ArgumentException($"stack needs {StackLength} entries.", nameof(stack));
        }

        // The hot loop of t-SNE: unchecked indexing (node indices come from the tree itself, the stack is long
        // enough for MaxDepth levels of at most 4 children each).
        ref Node nodes = ref MemoryMarshal.GetArrayDataReference(_tree);
        ref int top0 = ref MemoryMarshal.GetReference(stack);
        int top = 1;
        top0 = 0;
        while (top > 0)
        {
            ref Node node = ref Unsafe.Add(ref nodes, Unsafe.Add(ref top0, --top));
            double dx = x - node.MassX, dy = yCoordinate - node.MassY;
            double d2 = (dx * dx) + (dy * dy);
            if (node.Child0 < 0 || node.WidthSquared < thetaSquared * d2)
            {
                int count = node.Count;
                if (node.Child0 < 0 && self >= node.First && self < node.First + count)
                {
                    count--;
                }

                if (count > 0)
                {
                    double w = 1 / (1 + d2);
                    double cw = count * w;
                    z += cw;
                    fx += cw * w * dx;
                    fy += cw * w * dy;
                }
            }
            else
            {
                // Children occupy consecutive slots from Child0 (only the non-empty quadrants).
                for (int c = node.Child0 + node.Children - 1; c >= node.Child0; c--)
                {
                    Unsafe.Add(ref top0, top++) = c;
                }
            }
        }

        return (z, fx, fy);
    }

    /// <summary>Stack length enough for any traversal.</summary>
    public static int StackLength => (4 * MaxDepth) + 8;

    private void BuildNode(ReadOnlySpan<double> y, int node, int first, int count, double centreX, double centreY, double half, int depth)
    {
        double sx = 0, sy = 0;
        for (int p = first; p < first + count; p++)
        {
            sx += y[2 * _order[p]];
            sy += y[(2 * _order[p]) + 1];
        }

        bool leaf = count == 1 || depth >= MaxDepth;
        _tree[node] = new Node
        {
            MassX = sx / count,
            MassY = sy / count,
            WidthSquared = 4 * half * half,
            Count = count,
            First = first,
            Child0 = -1,
        };
        if (leaf)
        {
            return;
        }

        // Counting sort of the node's points into quadrants 0 (x<, y<), 1 (x≥, y<), 2 (x<, y≥), 3 (x≥, y≥).
        Span<int> sizes = stackalloc int[4];
        for (int p = first; p < first + count; p++)
        {
            sizes[Quadrant(y, _order[p], centreX, centreY)]++;
        }

        Span<int> offsets = stackalloc int[4];
        offsets[0] = first;
        for (int q = 1; q < 4; q++)
        {
            offsets[q] = offsets[q - 1] + sizes[q - 1];
        }

        Span<int> cursor = stackalloc int[4];
        offsets.CopyTo(cursor);
        for (int p = first; p < first + count; p++)
        {
            _buffer[cursor[Quadrant(y, _order[p], centreX, centreY)]++] = _order[p];
        }

        Array.Copy(_buffer, first, _order, first, count);
        int children = 0;
        for (int q = 0; q < 4; q++)
        {
            children += sizes[q] > 0 ? 1 : 0;
        }

        // Siblings get consecutive slots, so a traversal pushes a range.
        int child0 = Allocate(children);
        _tree[node].Child0 = child0;
        _tree[node].Children = children;
        double quarter = half / 2;
        int slot = child0;
        for (int q = 0; q < 4; q++)
        {
            if (sizes[q] > 0)
            {
                double cx = centreX + ((q & 1) == 0 ? -quarter : quarter), cy = centreY + ((q & 2) == 0 ? -quarter : quarter);
                BuildNode(y, slot++, offsets[q], sizes[q], cx, cy, quarter, depth + 1);
            }
        }
    }

    private static int Quadrant(ReadOnlySpan<double> y, int i, double centreX, double centreY) =>
        (y[2 * i] >= centreX ? 1 : 0) | (y[(2 * i) + 1] >= centreY ? 2 : 0);

    private int Allocate(int count)
    {
        if (_nodes + count > _tree.Length)
        {
            Array.Resize(ref _tree, Math.Max(_tree.Length * 2, _nodes + count));
        }

        int first = _nodes;
        _nodes += count;
        return first;
    }

    /// <summary>One cell: centre of mass, squared width, points <c>_order[First..First+Count]</c>; Child0 = −1 for a leaf.</summary>
    private struct Node
    {
        public double MassX;
        public double MassY;
        public double WidthSquared;
        public int Count;
        public int First;
        public int Child0;
        public int Children;
    }
}
