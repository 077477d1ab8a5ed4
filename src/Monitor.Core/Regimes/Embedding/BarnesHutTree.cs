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
    private int[] _children = new int[64];
    private double[] _massX = new double[16];
    private double[] _massY = new double[16];
    private double[] _widthSquared = new double[16];
    private int[] _count = new int[16];
    private int[] _first = new int[16];
    private bool[] _leaf = new bool[16];
    private int _nodes;

    /// <summary>A tree for <paramref name="capacity"/> points, rebuilt with <see cref="Build"/>.</summary>
    public BarnesHutTree(int capacity)
    {
        _order = new int[capacity];
        _positionOf = new int[capacity];
        _buffer = new int[capacity];
    }

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
        BuildNode(y, 0, n, (minX + maxX) / 2, (minY + maxY) / 2, half, 0);
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
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int node = stack[--top];
            double dx = x - _massX[node], dy = yCoordinate - _massY[node];
            double d2 = (dx * dx) + (dy * dy);
            bool leaf = _leaf[node];
            if (leaf || _widthSquared[node] < thetaSquared * d2)
            {
                int count = _count[node];
                if (leaf && self >= _first[node] && self < _first[node] + count)
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
                int c = node * 4;
                for (int q = 3; q >= 0; q--)
                {
                    int child = _children[c + q];
                    if (child > 0)
                    {
                        stack[top++] = child;
                    }
                }
            }
        }

        return (z, fx, fy);
    }

    /// <summary>Stack length enough for any traversal.</summary>
    public static int StackLength => (4 * MaxDepth) + 8;

    private int BuildNode(ReadOnlySpan<double> y, int first, int count, double centreX, double centreY, double half, int depth)
    {
        int node = Allocate();
        double sx = 0, sy = 0;
        for (int p = first; p < first + count; p++)
        {
            sx += y[2 * _order[p]];
            sy += y[(2 * _order[p]) + 1];
        }

        _massX[node] = sx / count;
        _massY[node] = sy / count;
        _count[node] = count;
        _first[node] = first;
        _widthSquared[node] = 4 * half * half;
        _leaf[node] = count == 1 || depth >= MaxDepth;
        if (_leaf[node])
        {
            return node;
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
        double quarter = half / 2;
        for (int q = 0; q < 4; q++)
        {
            int child = 0;
            if (sizes[q] > 0)
            {
                double cx = centreX + ((q & 1) == 0 ? -quarter : quarter), cy = centreY + ((q & 2) == 0 ? -quarter : quarter);
                child = BuildNode(y, offsets[q], sizes[q], cx, cy, quarter, depth + 1);
            }

            _children[(node * 4) + q] = child;
        }

        return node;
    }

    private static int Quadrant(ReadOnlySpan<double> y, int i, double centreX, double centreY) =>
        (y[2 * i] >= centreX ? 1 : 0) | (y[(2 * i) + 1] >= centreY ? 2 : 0);

    private int Allocate()
    {
        if (_nodes == _count.Length)
        {
            int size = _nodes * 2;
            Array.Resize(ref _massX, size);
            Array.Resize(ref _massY, size);
            Array.Resize(ref _widthSquared, size);
            Array.Resize(ref _count, size);
            Array.Resize(ref _first, size);
            Array.Resize(ref _leaf, size);
            Array.Resize(ref _children, size * 4);
        }

        return _nodes++;
    }
}
