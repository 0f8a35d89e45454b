// Fonts ship inside the build (no CDN): the decks are presented offline and the PDFs must embed Hangul.
import '@fontsource/noto-sans-kr/400.css'
import '@fontsource/noto-sans-kr/700.css'
import '@fontsource/nanum-gothic-coding/400.css'
import './course.css'
