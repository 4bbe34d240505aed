import { useState } from 'react'
import { useDevice, useFetch } from '../../shared/device'
import { ErrorBox, Loading } from '../../shared/Feedback'
import { Section } from '../../shared/Layout'
import { DaySwapsTable } from './DaySwapsTable'
import { ECoinPerDayChart } from './ECoinPerDayChart'
import { StockBucketChart } from './StockBucketChart'
import { SwapsPerDayChart } from './SwapsPerDayChart'
import { SwapsPerHourChart } from './SwapsPerHourChart'
import { todayUtc, utcDaysEnding } from './utcDays'
import { WaitingToCharge } from './WaitingToCharge'

/** How many days the per-day charts span, ending with the chosen day. */
const WINDOW_DAYS = 30

/**
 * The operator's dashboard, from the station's own index: swaps per hour of a UTC day and per day of the
 * 30 days to it, by outcome; the station account's E-coin in and out per day; the stock by state of charge
 * and of health and the batteries waiting to be charged; the day's swaps with a CSV download. The day is
 * today (UTC) unless the operator picks another. Every figure refetches when the device reports a change.
 *
 * @example
 * <Dashboard /> // inside the station's <DeviceProvider>
 */
export function Dashboard() {
  const { api, state } = useDevice()
  const unit = state.unit
  const [day, setDay] = useState(todayUtc)
  const days = utcDaysEnding(day, WINDOW_DAYS)
  const from = days[0]!
  const hours = useFetch(() => api.stats.swapsByHour(unit, day), [unit, day])
  const perDay = useFetch(() => api.stats.swapsByDay(unit, from, day), [unit, from, day])
  const eCoin = useFetch(() => api.stats.eCoinByDay(unit, from, day), [unit, from, day])
  const stock = useFetch(() => api.stats.stockLevels(unit), [unit])
  const swaps = useFetch(() => api.stats.daySwaps(unit, day), [unit, day])
  const failed = [hours, perDay, eCoin, stock, swaps].find((f) => f.error)?.error
  return (
    <Section
      title="Dashboard"
      id="dashboard"
      testId="dashboard"
      actions={
        <label className="inline-field">
          Day (UTC){' '}
          <input type="date" value={day} max={todayUtc()} data-testid="dashboard-day" onChange={(e) => e.target.value && setDay(e.target.value)} />
        </label>
      }
    >
      {failed && (failed.status === 404 ? <p className="muted">The dashboard is served by a station's own GUI; this device's station does not answer it.</p> : <ErrorBox error={failed} title="Dashboard" retry={() => [hours, perDay, eCoin, stock, swaps].forEach((f) => f.reload())} />)}
      <div className="dashboard-grid">
        {hours.data ? <SwapsPerHourChart day={day} hours={hours.data} /> : <Loading what="Counting the day's swaps" />}
        {perDay.data ? <SwapsPerDayChart days={days} rows={perDay.data} /> : <Loading what="Counting swaps per day" />}
        {eCoin.data ? <ECoinPerDayChart days={days} rows={eCoin.data} /> : <Loading what="Adding up the station's E-coin" />}
        {stock.data ? (
          <StockBucketChart testId="chart-stock-soc" title="Stock by state of charge" note={`${stock.data.total} in stock`} buckets={stock.data.soc} />
        ) : (
          <Loading what="Reading the stock" />
        )}
        {stock.data && <StockBucketChart testId="chart-stock-soh" title="Stock by state of health" note="from the passports" buckets={stock.data.soh} />}
        {stock.data && <WaitingToCharge waiting={stock.data.waiting} />}
      </div>
      {swaps.data ? <DaySwapsTable day={day} swaps={swaps.data} csvUrl={api.stats.swapsCsvUrl(unit, day)} /> : <Loading what="Listing the day's swaps" />}
    </Section>
  )
}
