import type { TimeseriesPoint } from "@quire/analytics-api";
import { formatNumber } from "@quire/ui";

const W = 900;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/**
 * Visitors (line, area) and pageviews (dashed line) over time, as server-rendered SVG:
 * no client JavaScript, every point titled for hover and screen readers.
 */
export function Chart({ points, metric = "visitors" }: { points: TimeseriesPoint[]; metric?: "visitors" | "pageviews" }) {
  const max = Math.max(1, ...points.map((p) => Math.max(p.visitors, p.pageviews)));
  const n = Math.max(1, points.length - 1);
  const x = (i: number) => PAD.left + ((W - PAD.left - PAD.right) * i) / n;
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  const line = (key: "visitors" | "pageviews") => points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(" ");
  const area = `${line("visitors")} L${x(points.length - 1).toFixed(1)},${y(0)} L${x(0)},${y(0)} Z`;
  const every = Math.max(1, Math.ceil(points.length / 8));
  const ticks = [0, 0.5, 1].map((f) => Math.round(max * f));
  return (
    <figure className="qa-chart" data-testid="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${metric} over time`} preserveAspectRatio="none">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="qa-grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="qa-axis">
              {formatNumber(v)}
            </text>
          </g>
        ))}
        <path d={area} className="qa-area" />
        <path d={line("pageviews")} className="qa-line2" />
        <path d={line("visitors")} className="qa-line" />
        {points.map((p, i) => (
          <g key={`${p.label}-${i}`}>
            <circle cx={x(i)} cy={y(p.visitors)} r={points.length > 60 ? 1.5 : 3} className="qa-dot">
              <title>{`${p.label}: ${p.visitors} visitors, ${p.pageviews} pageviews`}</title>
            </circle>
            {i % every === 0 ? (
              <text x={x(i)} y={H - 8} textAnchor="middle" className="qa-axis">
                {p.label.length > 10 ? p.label.slice(11, 16) : p.label.length === 10 ? p.label.slice(5) : p.label}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <figcaption className="q-muted">
        <span className="qa-key qa-key-visitors" /> visitors <span className="qa-key qa-key-pageviews" /> pageviews
      </figcaption>
    </figure>
  );
}
