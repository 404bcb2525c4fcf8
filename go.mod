module poolviz

go 1.26.0
