//! A layered (Sugiyama-style) drawing of a directed acyclic graph, left to
//! right: each edge goes from a node to one in a column further right.
//!
//! 1. **Layers**: longest path from the sources, so every edge points right;
//!    then each source that is not pinned (goals are) moves right next to
//!    its nearest successor, which keeps edges short.
//! 2. **Dummy nodes** split every edge that spans more than one column, so
//!    long edges get their own lane and never run through a box.
//! 3. **Order** within columns: breadth-first from the sources, then
//!    barycentre sweeps (down and up) keeping the order with the fewest
//!    crossings, then adjacent swaps while they remove crossings.
//! 4. **Coordinates**: columns as wide as their widest box; vertical
//!    positions pulled towards the mean of the neighbours' by an exact
//!    least-squares fit under the order and spacing constraints (isotonic
//!    regression, pool-adjacent-violators), sweeping both ways.
//! 5. **Routes**: from the right side of a node to the left side of the
//!    next, through the dummies; the ports on each side are spread in the
//!    order of the other ends so edges do not cross at a box.
//!
//! Everything is deterministic (ties keep the input order) and never
//! panics: a cyclic input (which a [`Register`](crate::Register) cannot
//! hold) loses its back edges' routes instead.
//!
//! # Why not a crate
//!
//! `layout-rs` (0.1.3, MIT, pure Rust, renders DOT to SVG) was the candidate.
//! It was not taken because its SVG writer hard-codes a serif font and
//! emits font classes from a `HashMap` (output order can change between
//! runs, which breaks snapshot tests), its output has no per-node grouping,
//! ids or classes (needed for the report's styling, accessibility and the
//! structural tests), and its layout code asserts and unwraps on inputs it
//! does not expect, where this library must not panic; using it for
//! coordinates only would mean reading its internal split of long edges.
//! The graphs drawn box by box are at most a few hundred nodes (past that
//! the picture is a summary, see `summary.rs`), and the layered method below
//! is short, tested and fully under our control.
//!
//! # Complexity
//!
//! With `V` nodes, `D` dummies and `E` edges after splitting (`V + D` and
//! `E` grow with the columns each edge spans): layering `O((V + E) log V)`;
//! each of at most 24 barycentre sweeps sorts the columns and counts the
//! crossings with a Fenwick tree (Barth, Jünger and Mutzel, "Simple and
//! efficient bilayer cross counting", 2004), `O((V + D + E) log(V + D))`;
//! each of at most 8 rounds of adjacent swaps judges a swap by the two
//! nodes' edges alone, `O(E log E)` per round; at most 17 rounds of
//! least-squares placement, `O(V + D + E)` each; ports and routes
//! `O(E log E + D)`. How long a large drawing takes: benches/README.md.

use std::collections::BTreeSet;

/// What to draw: box sizes and edges `(from, to)` by index.
pub(crate) struct Input {
    /// The minimum `(width, height)` of each node's box.
    pub sizes: Vec<(f64, f64)>,
    /// The edges; `from` is drawn left of `to`.
    pub edges: Vec<(usize, usize)>,
    /// Nodes that stay in the column their longest path gives them (goals).
    pub pinned: Vec<bool>,
}

/// A node's box: top-left corner and size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// The drawing.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    /// One box per input node; every box of a column has the column's width.
    pub nodes: Vec<Rect>,
    /// One route per input edge: points `p0, p1, ..., pn` (an even count)
    /// where `p0 -> p1`, `p2 -> p3`... are curves between columns and
    /// `p1 -> p2`, `p3 -> p4`... straight runs through a column. Empty for
    /// an edge that could not be drawn left to right (a cycle's back edge).
    pub routes: Vec<Vec<(f64, f64)>>,
    /// The column of each node.
    pub layer: Vec<usize>,
    /// The drawing's size, margins included.
    pub width: f64,
    /// The drawing's height, margins included.
    pub height: f64,
    /// How many edge crossings remain.
    pub crossings: usize,
}

const LAYER_GAP: f64 = 72.0;
const NODE_GAP: f64 = 18.0;
const DUMMY_GAP: f64 = 10.0;
const MARGIN: f64 = 8.0;
const SWEEPS: usize = 24;
const ROUNDS: usize = 16;

/// Lays out `input` (see the module documentation).
pub(crate) fn layout(input: &Input) -> Layout {
    let n = input.sizes.len();
    let edges: Vec<(usize, usize)> = input
        .edges
        .iter()
        .copied()
        .filter(|&(a, b)| a < n && b < n && a != b)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let layer = layers(n, &edges, &input.pinned);
    let mut g = Layered::new(input, &layer, &edges);
    g.order();
    g.place();
    let crossings = g.total_crossings();
    let ports = [g.ports(false), g.ports(true)];
    let routes = input
        .edges
        .iter()
        .map(|e| g.route(e.0, e.1, &ports))
        .collect::<Vec<_>>();
    let (width, height) = g.extent();
    Layout {
        nodes: (0..n).map(|v| g.rect(v)).collect(),
        routes,
        layer: layer.clone(),
        width,
        height,
        crossings,
    }
}

/// Longest-path layering, sources pulled right, empty columns removed.
fn layers(n: usize, edges: &[(usize, usize)], pinned: &[bool]) -> Vec<usize> {
    let mut succ = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for &(a, b) in edges {
        succ[a].push(b);
        indeg[b] += 1;
    }
    // Kahn's algorithm, smallest index first; nodes left on a cycle come
    // after, in index order.
    let mut ready: BTreeSet<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut topo = Vec::with_capacity(n);
    let mut left = indeg.clone();
    while let Some(v) = ready.pop_first() {
        topo.push(v);
        for &w in &succ[v] {
            left[w] -= 1;
            if left[w] == 0 {
                ready.insert(w);
            }
        }
    }
    let mut seen = vec![false; n];
    for &v in &topo {
        seen[v] = true;
    }
    topo.extend((0..n).filter(|&v| !seen[v]));
    let mut rank = vec![0usize; n];
    let mut done = vec![false; n];
    for &v in &topo {
        done[v] = true;
        for &w in &succ[v] {
            if !done[w] {
                rank[w] = rank[w].max(rank[v] + 1);
            }
        }
    }
    let deepest = rank.iter().copied().max().unwrap_or(0);
    for v in 0..n {
        if indeg[v] > 0 || pinned.get(v).copied().unwrap_or(false) {
            continue;
        }
        match succ[v].iter().map(|&w| rank[w]).min() {
            Some(nearest) if nearest > 0 => rank[v] = nearest - 1,
            Some(_) => {}
            None => rank[v] = deepest,
        }
    }
    // Remove empty columns.
    let used: BTreeSet<usize> = rank.iter().copied().collect();
    let renumber: std::collections::BTreeMap<usize, usize> =
        used.into_iter().enumerate().map(|(i, r)| (r, i)).collect();
    rank.iter().map(|r| renumber[r]).collect()
}

/// The nodes an edge passes through (its ends and the dummies between), and
/// for each link between two of them its place in the left node's `succ`
/// and the right node's `pred`.
type Chain = (Vec<usize>, Vec<(usize, usize)>);

/// The graph with dummy nodes, columns and positions.
struct Layered {
    /// Real nodes first (`0..real`), then dummies.
    real: usize,
    layer: Vec<usize>,
    size: Vec<(f64, f64)>,
    succ: Vec<Vec<usize>>,
    pred: Vec<Vec<usize>>,
    /// The node chain of each drawable edge, keyed by `(from, to)`, with
    /// each link's place in its left end's `succ` and right end's `pred`.
    chains: std::collections::BTreeMap<(usize, usize), Chain>,
    columns: Vec<Vec<usize>>,
    pos: Vec<usize>,
    y: Vec<f64>,
    col_x: Vec<f64>,
    col_w: Vec<f64>,
}

impl Layered {
    fn new(input: &Input, layer: &[usize], edges: &[(usize, usize)]) -> Self {
        let real = layer.len();
        let mut g = Layered {
            real,
            layer: layer.to_vec(),
            size: input.sizes.clone(),
            succ: vec![Vec::new(); real],
            pred: vec![Vec::new(); real],
            chains: Default::default(),
            columns: Vec::new(),
            pos: Vec::new(),
            y: Vec::new(),
            col_x: Vec::new(),
            col_w: Vec::new(),
        };
        for &(a, b) in edges {
            if layer[b] <= layer[a] {
                continue;
            }
            let mut chain = vec![a];
            for l in layer[a] + 1..layer[b] {
                let d = g.layer.len();
                g.layer.push(l);
                g.size.push((0.0, 0.0));
                g.succ.push(Vec::new());
                g.pred.push(Vec::new());
                chain.push(d);
            }
            chain.push(b);
            let mut links = Vec::with_capacity(chain.len() - 1);
            for pair in chain.windows(2) {
                links.push((g.succ[pair[0]].len(), g.pred[pair[1]].len()));
                g.succ[pair[0]].push(pair[1]);
                g.pred[pair[1]].push(pair[0]);
            }
            g.chains.insert((a, b), (chain, links));
        }
        g
    }

    fn is_dummy(&self, v: usize) -> bool {
        v >= self.real
    }

    /// Breadth-first initial order, then barycentre sweeps and swaps.
    fn order(&mut self) {
        let count = self.layer.iter().copied().max().map_or(0, |m| m + 1);
        let mut columns: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut placed = vec![false; self.layer.len()];
        let mut frontier: Vec<usize> = (0..self.layer.len())
            .filter(|&v| self.pred[v].is_empty())
            .collect();
        // Sources of column 0 first, then each column from its left
        // neighbour's order; a source further right joins its column's end.
        frontier.sort_by_key(|&v| (self.layer[v], v));
        for l in 0..count {
            if l > 0 {
                let previous = columns[l - 1].clone();
                for v in previous {
                    for &w in &self.succ[v] {
                        if !placed[w] {
                            placed[w] = true;
                            columns[l].push(w);
                        }
                    }
                }
            }
            for &v in frontier.iter().filter(|&&v| self.layer[v] == l) {
                if !placed[v] {
                    placed[v] = true;
                    columns[l].push(v);
                }
            }
        }
        for v in 0..self.layer.len() {
            if !placed[v] {
                columns[self.layer[v]].push(v);
            }
        }
        self.columns = columns;
        self.index();
        let mut best = self.columns.clone();
        let mut best_crossings = self.total_crossings();
        for sweep in 0..SWEEPS {
            if best_crossings == 0 {
                break;
            }
            if sweep % 2 == 0 {
                for l in 1..self.columns.len() {
                    self.sort_column(l, true);
                }
            } else {
                for l in (0..self.columns.len().saturating_sub(1)).rev() {
                    self.sort_column(l, false);
                }
            }
            let c = self.total_crossings();
            if c < best_crossings {
                best_crossings = c;
                best = self.columns.clone();
            }
        }
        self.columns = best;
        self.index();
        self.transpose();
    }

    fn index(&mut self) {
        self.pos = vec![0; self.layer.len()];
        for column in &self.columns {
            for (i, &v) in column.iter().enumerate() {
                self.pos[v] = i;
            }
        }
    }

    /// Sorts column `l` by the mean position of each node's neighbours in
    /// the column before (`down`) or after; a node without any keeps its
    /// place.
    fn sort_column(&mut self, l: usize, down: bool) {
        let mut keyed: Vec<(f64, usize, usize)> = self.columns[l]
            .iter()
            .map(|&v| {
                let near = if down { &self.pred[v] } else { &self.succ[v] };
                let key = if near.is_empty() {
                    self.pos[v] as f64
                } else {
                    near.iter().map(|&w| self.pos[w] as f64).sum::<f64>() / near.len() as f64
                };
                (key, self.pos[v], v)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        self.columns[l] = keyed.into_iter().map(|k| k.2).collect();
        for (i, &v) in self.columns[l].iter().enumerate() {
            self.pos[v] = i;
        }
    }

    /// Crossings between column `l` and column `l + 1`: the edges taken in
    /// order of their left end (then right end), each crossing every earlier
    /// edge whose right end lies below its own, counted with a Fenwick tree
    /// over the right column (Barth, Jünger and Mutzel, 2004).
    fn crossings(&self, l: usize) -> usize {
        let (Some(column), Some(next)) = (self.columns.get(l), self.columns.get(l + 1)) else {
            return 0;
        };
        let mut tree = vec![0usize; next.len() + 1];
        let mut seen = 0usize;
        let mut count = 0usize;
        let mut ends: Vec<usize> = Vec::new();
        for &v in column {
            ends.clear();
            ends.extend(self.succ[v].iter().map(|&w| self.pos[w]));
            ends.sort_unstable();
            // Edges of one node do not cross each other: count them all
            // against the earlier nodes' edges before adding any.
            for &e in &ends {
                count += seen - prefix(&tree, e + 1);
            }
            for &e in &ends {
                add(&mut tree, e + 1);
                seen += 1;
            }
        }
        count
    }

    fn total_crossings(&self) -> usize {
        (0..self.columns.len().saturating_sub(1))
            .map(|l| self.crossings(l))
            .sum()
    }

    /// Swaps neighbours in a column while that removes crossings. Only the
    /// edges of the two nodes swapped change their crossings, so each try
    /// costs their degrees, not the column's.
    fn transpose(&mut self) {
        for _ in 0..8 {
            let mut improved = false;
            for l in 0..self.columns.len() {
                for i in 0..self.columns[l].len().saturating_sub(1) {
                    let (u, v) = (self.columns[l][i], self.columns[l][i + 1]);
                    let (kept, swapped) = self.pair_crossings(u, v);
                    if swapped < kept {
                        self.swap(l, i);
                        improved = true;
                    }
                }
            }
            if !improved {
                break;
            }
        }
    }

    /// The crossings between the edges of `u` and those of `v` (neighbours
    /// in one column) with `u` above `v`, and with `v` above `u`.
    fn pair_crossings(&self, u: usize, v: usize) -> (usize, usize) {
        let mut kept = 0;
        let mut swapped = 0;
        for side in [&self.pred, &self.succ] {
            let mut a: Vec<usize> = side[u].iter().map(|&w| self.pos[w]).collect();
            let mut b: Vec<usize> = side[v].iter().map(|&w| self.pos[w]).collect();
            a.sort_unstable();
            b.sort_unstable();
            // Pairs (x in a, y in b) with x > y cross when u is above v;
            // pairs with x < y cross when v is above u.
            let (mut j, mut k) = (0, 0);
            for &x in &a {
                while j < b.len() && b[j] < x {
                    j += 1;
                }
                while k < b.len() && b[k] <= x {
                    k += 1;
                }
                kept += j;
                swapped += b.len() - k;
            }
        }
        (kept, swapped)
    }

    fn swap(&mut self, l: usize, i: usize) {
        self.columns[l].swap(i, i + 1);
        let (a, b) = (self.columns[l][i], self.columns[l][i + 1]);
        self.pos[a] = i;
        self.pos[b] = i + 1;
    }

    /// The minimum distance between the centres of neighbours `a` above `b`.
    fn separation(&self, a: usize, b: usize) -> f64 {
        let gap = if self.is_dummy(a) || self.is_dummy(b) {
            DUMMY_GAP
        } else {
            NODE_GAP
        };
        (self.size[a].1 + self.size[b].1) / 2.0 + gap
    }

    /// Column positions, then vertical positions.
    fn place(&mut self) {
        self.col_w = self
            .columns
            .iter()
            .map(|c| c.iter().map(|&v| self.size[v].0).fold(0.0, f64::max))
            .collect();
        let mut x = MARGIN;
        self.col_x = Vec::with_capacity(self.columns.len());
        for w in &self.col_w {
            self.col_x.push(x);
            x += w + LAYER_GAP;
        }
        self.y = vec![0.0; self.layer.len()];
        for l in 0..self.columns.len() {
            let targets: Vec<f64> = vec![0.0; self.columns[l].len()];
            self.fit(l, &targets, &vec![1.0; targets.len()]);
        }
        // Centre the columns on each other before the sweeps.
        let tallest = (0..self.columns.len())
            .map(|l| self.column_span(l))
            .fold(0.0, f64::max);
        for l in 0..self.columns.len() {
            let shift = (tallest - self.column_span(l)) / 2.0;
            for &v in &self.columns[l] {
                self.y[v] += shift;
            }
        }
        for round in 0..ROUNDS {
            let down = round % 2 == 0;
            let order: Vec<usize> = if down {
                (1..self.columns.len()).collect()
            } else {
                (0..self.columns.len().saturating_sub(1)).rev().collect()
            };
            for l in order {
                self.pull(l, Some(down));
            }
        }
        for l in 0..self.columns.len() {
            self.pull(l, None);
        }
        // Normalise: the top box touches the margin.
        let top = (0..self.layer.len())
            .map(|v| self.y[v] - self.size[v].1 / 2.0)
            .fold(f64::INFINITY, f64::min);
        if top.is_finite() {
            for y in &mut self.y {
                *y += MARGIN - top;
            }
        }
    }

    fn column_span(&self, l: usize) -> f64 {
        let c = &self.columns[l];
        match (c.first(), c.last()) {
            (Some(&a), Some(&b)) => self.y[b] - self.y[a],
            _ => 0.0,
        }
    }

    /// Moves column `l` towards the mean height of its neighbours before
    /// (`Some(true)`), after (`Some(false)`) or on both sides (`None`).
    fn pull(&mut self, l: usize, down: Option<bool>) {
        let mut targets = Vec::with_capacity(self.columns[l].len());
        let mut weights = Vec::with_capacity(self.columns[l].len());
        for &v in &self.columns[l] {
            let near: Vec<usize> = match down {
                Some(true) => self.pred[v].clone(),
                Some(false) => self.succ[v].clone(),
                None => self.pred[v].iter().chain(&self.succ[v]).copied().collect(),
            };
            if near.is_empty() {
                targets.push(self.y[v]);
                weights.push(0.25);
            } else {
                targets.push(near.iter().map(|&w| self.y[w]).sum::<f64>() / near.len() as f64);
                // Long edges (dummies) weigh more: straight lanes read best.
                weights.push(if self.is_dummy(v) { 4.0 } else { 1.0 });
            }
        }
        self.fit(l, &targets, &weights);
    }

    /// Sets the heights of column `l` as close as possible (weighted least
    /// squares) to `targets`, keeping the order and the separations.
    fn fit(&mut self, l: usize, targets: &[f64], weights: &[f64]) {
        let column = self.columns[l].clone();
        let mut offset = Vec::with_capacity(column.len());
        let mut acc = 0.0;
        for (i, &v) in column.iter().enumerate() {
            if i > 0 {
                acc += self.separation(column[i - 1], v);
            }
            offset.push(acc);
        }
        let shifted: Vec<f64> = targets.iter().zip(&offset).map(|(t, o)| t - o).collect();
        let z = isotonic(&shifted, weights);
        for (i, &v) in column.iter().enumerate() {
            self.y[v] = z[i] + offset[i];
        }
    }

    fn rect(&self, v: usize) -> Rect {
        let l = self.layer[v];
        let w = self.col_w.get(l).copied().unwrap_or(self.size[v].0);
        let h = self.size[v].1;
        Rect {
            x: self.col_x.get(l).copied().unwrap_or(0.0),
            y: self.y.get(v).copied().unwrap_or(0.0) - h / 2.0,
            w,
            h,
        }
    }

    fn extent(&self) -> (f64, f64) {
        let width = self
            .col_x
            .last()
            .zip(self.col_w.last())
            .map_or(0.0, |(x, w)| x + w)
            + MARGIN;
        let bottom = (0..self.layer.len())
            .map(|v| self.y[v] + self.size[v].1 / 2.0)
            .fold(0.0, f64::max);
        (width, bottom + MARGIN)
    }

    /// The vertical offsets of the ports of each node's edges on its right
    /// (`out`) or left side, in the order of the other ends, so edges do
    /// not cross at a box: `ports[v][i]` for the `i`-th of `succ[v]` (or
    /// `pred[v]`). Dummies have one port at their centre.
    fn ports(&self, out: bool) -> Vec<Vec<f64>> {
        let side = if out { &self.succ } else { &self.pred };
        (0..self.layer.len())
            .map(|v| {
                let ends = &side[v];
                let k = ends.len();
                if self.is_dummy(v) || k < 2 {
                    return vec![0.0; k];
                }
                let mut by_height: Vec<usize> = (0..k).collect();
                by_height.sort_by(|&a, &b| {
                    let (a, b) = (ends[a], ends[b]);
                    self.y[a].total_cmp(&self.y[b]).then(a.cmp(&b))
                });
                let step = (self.size[v].1 * 0.6 / (k - 1) as f64).min(8.0);
                let mut dy = vec![0.0; k];
                for (rank, &i) in by_height.iter().enumerate() {
                    dy[i] = (rank as f64 - (k - 1) as f64 / 2.0) * step;
                }
                dy
            })
            .collect()
    }

    /// The route of edge `from -> to` (see [`Layout::routes`]), with the
    /// port offsets of [`ports`](Self::ports).
    fn route(&self, from: usize, to: usize, ports: &[Vec<Vec<f64>>; 2]) -> Vec<(f64, f64)> {
        let Some((chain, links)) = self.chains.get(&(from, to)) else {
            return Vec::new();
        };
        let [left, right] = ports;
        let mut points = Vec::with_capacity(chain.len() * 2);
        for (i, &v) in chain.iter().enumerate() {
            let l = self.layer[v];
            let (x, w) = (self.col_x[l], self.col_w[l]);
            if i > 0 {
                points.push((x, self.y[v] + left[v][links[i - 1].1]));
            }
            if i + 1 < chain.len() {
                points.push((x + w, self.y[v] + right[v][links[i].0]));
            }
        }
        points
    }
}

/// Adds one at `i` (1-based) to a Fenwick tree.
fn add(tree: &mut [usize], mut i: usize) {
    while i < tree.len() {
        tree[i] += 1;
        i += i & i.wrapping_neg();
    }
}

/// The sum of a Fenwick tree over `1..=i`.
fn prefix(tree: &[usize], mut i: usize) -> usize {
    let mut sum = 0;
    while i > 0 {
        sum += tree[i];
        i &= i - 1;
    }
    sum
}

/// Weighted isotonic regression (pool adjacent violators): the
/// non-decreasing sequence closest to `t` in weighted least squares.
fn isotonic(t: &[f64], w: &[f64]) -> Vec<f64> {
    // Blocks of (mean, weight, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(t.len());
    for (i, &value) in t.iter().enumerate() {
        let weight = w.get(i).copied().unwrap_or(1.0).max(1e-9);
        blocks.push((value, weight, 1));
        while blocks.len() > 1 {
            let (m2, w2, n2) = blocks[blocks.len() - 1];
            let (m1, w1, n1) = blocks[blocks.len() - 2];
            if m1 <= m2 {
                break;
            }
            blocks.pop();
            blocks.pop();
            blocks.push(((m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2));
        }
    }
    blocks
        .into_iter()
        .flat_map(|(m, _, n)| std::iter::repeat_n(m, n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(n: usize) -> Input {
        Input {
            sizes: vec![(100.0, 40.0); n],
            edges: Vec::new(),
            pinned: vec![false; n],
        }
    }

    #[test]
    fn edges_point_right_and_long_edges_get_dummies() {
        // 0 -> 1 -> 2 and 0 -> 2: 2 sits two columns right of 0.
        let mut input = boxes(3);
        input.edges = vec![(0, 1), (1, 2), (0, 2)];
        let out = layout(&input);
        assert_eq!(out.layer, [0, 1, 2]);
        // 0 -> 2 crosses column 1 through a dummy: four points.
        assert_eq!(out.routes[2].len(), 4);
        for route in &out.routes {
            for pair in route.windows(2) {
                assert!(pair[0].0 <= pair[1].0, "{route:?}");
            }
        }
    }

    #[test]
    fn boxes_in_a_column_do_not_overlap() {
        let mut input = boxes(6);
        input.edges = vec![(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)];
        let out = layout(&input);
        let mut column: Vec<Rect> = (1..6).map(|v| out.nodes[v]).collect();
        column.sort_by(|a, b| a.y.total_cmp(&b.y));
        for pair in column.windows(2) {
            assert!(pair[0].y + pair[0].h <= pair[1].y + 1e-9);
        }
        assert_eq!(out.crossings, 0);
    }

    #[test]
    fn crossings_are_removed_when_possible() {
        // Two independent chains given in crossing order.
        let mut input = boxes(4);
        input.edges = vec![(0, 3), (1, 2)];
        let out = layout(&input);
        assert_eq!(out.crossings, 0);
    }

    #[test]
    fn sources_move_next_to_their_successor_unless_pinned() {
        // 0 -> 1 -> 2 -> 3; 4 -> 3 (pulled to column 2); 5 -> 3 pinned.
        let mut input = boxes(6);
        input.edges = vec![(0, 1), (1, 2), (2, 3), (4, 3), (5, 3)];
        input.pinned[5] = true;
        let out = layout(&input);
        assert_eq!(out.layer, [0, 1, 2, 3, 2, 0]);
    }

    #[test]
    fn a_cycle_does_not_panic() {
        let mut input = boxes(3);
        input.edges = vec![(0, 1), (1, 2), (2, 0), (7, 1)];
        let out = layout(&input);
        assert_eq!(out.nodes.len(), 3);
        assert_eq!(out.routes.len(), 4);
    }

    /// A random DAG of `n` nodes (edges from a node to up to three nodes
    /// with a larger index, within `window`), from a fixed seed.
    fn random_dag(n: usize, window: usize, seed: u64) -> Input {
        let mut state = seed;
        let mut next = move |m: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % m.max(1)
        };
        let mut input = boxes(n);
        for a in 0..n {
            for _ in 0..next(4) {
                let b = a + 1 + next(window);
                if b < n {
                    input.edges.push((a, b));
                }
            }
        }
        input
    }

    /// Crossings between each pair of neighbouring columns, pair by pair.
    fn crossings_by_pairs(g: &Layered) -> usize {
        let mut count = 0;
        for column in &g.columns {
            let pairs: Vec<(usize, usize)> = column
                .iter()
                .flat_map(|&v| g.succ[v].iter().map(move |&w| (v, w)))
                .map(|(v, w)| (g.pos[v], g.pos[w]))
                .collect();
            for (i, a) in pairs.iter().enumerate() {
                for b in &pairs[i + 1..] {
                    if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                        count += 1;
                    }
                }
            }
        }
        count
    }

    #[test]
    fn crossings_counted_by_the_tree_equal_those_counted_pair_by_pair() {
        for seed in 0..20 {
            let input = random_dag(40, 6, seed);
            let mut edges = input.edges.clone();
            edges.sort_unstable();
            edges.dedup();
            let layer = layers(40, &edges, &input.pinned);
            let mut g = Layered::new(&input, &layer, &edges);
            g.order();
            assert_eq!(g.total_crossings(), crossings_by_pairs(&g), "seed {seed}");
        }
    }

    #[test]
    fn a_swap_is_judged_by_the_two_nodes_edges_alone() {
        for seed in 0..10 {
            let input = random_dag(30, 5, seed);
            let mut edges = input.edges.clone();
            edges.sort_unstable();
            edges.dedup();
            let layer = layers(30, &edges, &input.pinned);
            let mut g = Layered::new(&input, &layer, &edges);
            g.order();
            for l in 0..g.columns.len() {
                for i in 0..g.columns[l].len().saturating_sub(1) {
                    let (u, v) = (g.columns[l][i], g.columns[l][i + 1]);
                    let (kept, swapped) = g.pair_crossings(u, v);
                    let before = g.total_crossings();
                    g.swap(l, i);
                    let after = g.total_crossings();
                    g.swap(l, i);
                    assert_eq!(after as i64 - before as i64, swapped as i64 - kept as i64);
                }
            }
        }
    }

    #[test]
    fn a_large_graph_is_laid_out_whole() {
        // Three thousand nodes (the size at which the old layout, quadratic
        // in the edges between two columns, was killed after two minutes).
        let n = 3000;
        let input = random_dag(n, 400, 7);
        let out = layout(&input);
        assert_eq!(out.nodes.len(), n);
        assert_eq!(out.routes.len(), input.edges.len());
        for (route, &(a, b)) in out.routes.iter().zip(&input.edges) {
            assert!(route.len() >= 2, "edge {a} -> {b} has no route");
            assert!(out.layer[a] < out.layer[b]);
            for pair in route.windows(2) {
                assert!(pair[0].0 <= pair[1].0, "{route:?}");
            }
        }
        // Boxes of a column do not overlap.
        let mut by_column: Vec<Vec<Rect>> = Vec::new();
        for (v, r) in out.nodes.iter().enumerate() {
            let l = out.layer[v];
            if by_column.len() <= l {
                by_column.resize(l + 1, Vec::new());
            }
            by_column[l].push(*r);
        }
        for column in &mut by_column {
            column.sort_by(|a, b| a.y.total_cmp(&b.y));
            for pair in column.windows(2) {
                assert!(pair[0].y + pair[0].h <= pair[1].y + 1e-6);
            }
        }
    }

    #[test]
    fn isotonic_pools_violators() {
        let z = isotonic(&[1.0, 3.0, 2.0, 4.0], &[1.0; 4]);
        assert_eq!(z, [1.0, 2.5, 2.5, 4.0]);
    }
}
