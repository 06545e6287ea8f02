/**
 * Minimum-cost flow by successive shortest paths with Johnson potentials (Dijkstra on reduced
 * costs). Costs must be non-negative on the initial graph, which is the case here.
 */
export class MinCostFlow {
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  private readonly cost: number[] = [];
  private readonly head: number[];
  private readonly next: number[] = [];

  constructor(private readonly n: number) {
    this.head = new Array<number>(n).fill(-1);
  }

  /** Adds an edge and its residual twin; returns the edge's index (its flow is read with `flow`). */
  addEdge(from: number, to: number, capacity: number, cost: number): number {
    const e = this.to.length;
    this.to.push(to, from);
    this.cap.push(capacity, 0);
    this.cost.push(cost, -cost);
    this.next.push(this.head[from]!, this.head[to]!);
    this.head[from] = e;
    this.head[to] = e + 1;
    return e;
  }

  flow(edge: number): number {
    return this.cap[edge ^ 1]!;
  }

  /** Sends up to `limit` units from s to t at minimum cost; returns [flow, cost]. */
  run(s: number, t: number, limit = Infinity): [number, number] {
    const n = this.n;
    const potential = new Float64Array(n);
    const dist = new Float64Array(n);
    const prevEdge = new Int32Array(n);
    let flow = 0;
    let total = 0;
    const heap = new BinaryHeap();
    while (flow < limit) {
      dist.fill(Infinity);
      prevEdge.fill(-1);
      dist[s] = 0;
      heap.clear();
      heap.push(0, s);
      while (heap.size > 0) {
        const [d, u] = heap.pop();
        if (d > dist[u]!) continue;
        for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
          if (this.cap[e]! <= 0) continue;
          const v = this.to[e]!;
          const nd = d + this.cost[e]! + potential[u]! - potential[v]!;
          if (nd < dist[v]! - 1e-9) {
            dist[v] = nd;
            prevEdge[v] = e;
            heap.push(nd, v);
          }
        }
      }
      if (dist[t] === Infinity) break;
      for (let v = 0; v < n; v++) if (dist[v]! < Infinity) potential[v]! += dist[v]!;
      let push = limit - flow;
      for (let v = t; v !== s; v = this.to[prevEdge[v]! ^ 1]!) push = Math.min(push, this.cap[prevEdge[v]!]!);
      for (let v = t; v !== s; v = this.to[prevEdge[v]! ^ 1]!) {
        const e = prevEdge[v]!;
        this.cap[e]! -= push;
        this.cap[e ^ 1]! += push;
        total += push * this.cost[e]!;
      }
      flow += push;
    }
    return [flow, total];
  }
}

class BinaryHeap {
  private keys: number[] = [];
  private vals: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  clear(): void {
    this.keys.length = 0;
    this.vals.length = 0;
  }
  push(key: number, val: number): void {
    const k = this.keys;
    const v = this.vals;
    let i = k.length;
    k.push(key);
    v.push(val);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p]! <= key) break;
      k[i] = k[p]!;
      v[i] = v[p]!;
      i = p;
    }
    k[i] = key;
    v[i] = val;
  }
  pop(): [number, number] {
    const k = this.keys;
    const v = this.vals;
    const top: [number, number] = [k[0]!, v[0]!];
    const lastK = k.pop()!;
    const lastV = v.pop()!;
    if (k.length > 0) {
      let i = 0;
      const n = k.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && k[r]! < k[l]! ? r : l;
        if (k[c]! >= lastK) break;
        k[i] = k[c]!;
        v[i] = v[c]!;
        i = c;
      }
      k[i] = lastK;
      v[i] = lastV;
    }
    return top;
  }
}
