import {render} from 'preact'

import {App} from './app.js'
import './style.css'

const root = document.getElementById('app')!
root.textContent = '' // the "Loading…" placeholder: render() adds to a container, it does not replace it
render(<App />, root)
