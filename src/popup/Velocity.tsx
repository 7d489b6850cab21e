/**
 * How fast deals move: average days in each open stage and the share that moved forward, each with the number of
 * deals behind it. Below the threshold the cell says so instead of showing a number built on two deals.
 */
import { formatNumber } from '../core/format';
import type { StageVelocity, Velocity as VelocityFigures } from '../core/types';
import { avgDaysText, conversionText } from './words';

export function Velocity({ velocity, locale }: { velocity: VelocityFigures; locale: string }) {
  const none = velocity.stages.every((s) => s.avgDays === null && s.conversion === null);
  return (
    <section class="velocity" aria-labelledby="velocity-title">
      <h2 id="velocity-title" class="section-title">
        Velocity
      </h2>
      <p class="muted small">
        From the stage changes Stagecoach has recorded. A figure needs at least {formatNumber(velocity.minDeals, locale)} deals behind it.
      </p>
      {none && <p class="note note-info">Not enough history yet: figures appear as deals move through the stages.</p>}
      {velocity.stages.length > 0 && (
      <table class="stages velocity-table">
        <caption class="sr-only">Time in stage and conversion</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" class="num">
              Average time
            </th>
            <th scope="col" class="num">
              Moved forward
            </th>
          </tr>
        </thead>
        <tbody>
          {velocity.stages.map((s) => (
            <VelocityRow key={s.stageId} stage={s} locale={locale} />
          ))}
        </tbody>
      </table>
      )}
    </section>
  );
}

function VelocityRow({ stage, locale }: { stage: StageVelocity; locale: string }) {
  return (
    <tr>
      <th scope="row">
        <bdi class="stage-name">{stage.stageName}</bdi>
      </th>
      <td class="num">
        <span class={stage.avgDays === null ? 'figure-none' : 'count'}>{avgDaysText(stage)}</span>
        <span class="behind">{deals(stage.timedDeals, locale)}</span>
      </td>
      <td class="num">
        <span class={stage.conversion === null ? 'figure-none' : 'count'}>{conversionText(stage, locale)}</span>
        <span class="behind">of {deals(stage.exitedDeals, locale)} that left</span>
      </td>
    </tr>
  );
}

const deals = (n: number, locale: string): string => `${formatNumber(n, locale)} ${n === 1 ? 'deal' : 'deals'}`;
