import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { takeToken } from './shared/token'
import './styles.css'

// Read the token before the first render, exactly once: it also wipes it from the address bar.
const token = takeToken()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App initialToken={token} />
  </StrictMode>,
)
