/** The frame: a skip link, the navigation, and the page the address names. */
import {usePath, param} from './router.js'
import {Backups} from './pages/backups.js'
import {Dashboard} from './pages/dashboard.js'
import {Entry} from './pages/entry.js'
import {Explore} from './pages/explore.js'
import {IndexPage} from './pages/index-page.js'

const NAV: Array<[string, string]> = [['/', 'Dashboard'], ['/explore', 'Search'], ['/entry', 'Add document'], ['/index', 'Indexes'], ['/backups', 'Backups']]

export function App() {
  const [path, go] = usePath()
  const page = path.split('?')[0]
  let body
  if (page === '/explore') body = <Explore key={path} initialIndex={param(path, 'index')} />
  else if (page === '/entry') body = <Entry key={path} initialIndex={param(path, 'index')} />
  else if (page === '/index') body = <IndexPage key={path} initialName={param(path, 'name')} />
  else if (page === '/backups') body = <Backups />
  else body = <Dashboard go={go} />

  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <span class="brand">aoss ui</span>
        <nav aria-label="Pages">
          {NAV.map(([href, label]) => (
            <a href={href} aria-current={page === href ? 'page' : undefined} onClick={(e) => { e.preventDefault(); go(href) }}>{label}</a>
          ))}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>{body}</main>
    </>
  )
}
